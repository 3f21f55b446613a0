package io.paymenthub.hub.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * What the dashboard draws, all of it read from the datastore for the window from {@code from} to {@code to}: volume
 * and latency from the stored payments, residency decisions (LOCAL the stored payments, FOREIGN and UNKNOWN the rows
 * of {@code residency_decision}) and dead letters by source (the rows of {@code dead_letter_event}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record DashboardStats(Instant from, Instant to, int hours, List<RegionHour> volumeByRegionHour,
                      List<LatencyHour> latencyByHour, List<Count> residencyDecisions, List<Count> deadLetters) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RegionHour(Instant hour, String region, long payments) {
    }

    /** Milliseconds from receipt to commit in the datastore. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LatencyHour(Instant hour, long payments, double p50Ms, double p95Ms, double p99Ms) {
    }

    record Count(String name, long count) {
    }
}
