package io.paymenthub.hub.dashboard;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * What the dashboard draws. Volume and latency come from the datastore for the window; residency decisions and
 * dead letters are this instance's counters since {@code countersSince} (they are not stored in any table).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record DashboardStats(Instant from, Instant to, int hours, List<RegionHour> volumeByRegionHour,
                      List<LatencyHour> latencyByHour, List<Count> residencyDecisions, List<Count> deadLetters,
                      Instant countersSince) {

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
