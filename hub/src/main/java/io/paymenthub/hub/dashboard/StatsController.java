package io.paymenthub.hub.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import io.paymenthub.hub.dashboard.DashboardStats.Count;
import io.paymenthub.hub.dashboard.DashboardStats.LatencyHour;
import io.paymenthub.hub.dashboard.DashboardStats.RegionHour;
import io.paymenthub.hub.metrics.HubMeters;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /api/v1/stats}: aggregates only, no payment in them; audited like every other query. */
@RestController
class StatsController {

    /** Hours in UTC whatever the database's time zone (India's +05:30 would otherwise shift the buckets). */
    private static final String VOLUME = """
            select date_trunc('hour', received_at, 'UTC') as hour, region, count(*) as payments
              from payment where received_at >= ? group by 1, 2 order by 1, 2
            """;
    private static final String LATENCY = """
            select date_trunc('hour', received_at, 'UTC') as hour, count(*) as payments,
                   percentile_cont(0.50) within group (order by extract(epoch from stored_at - received_at) * 1000) as p50,
                   percentile_cont(0.95) within group (order by extract(epoch from stored_at - received_at) * 1000) as p95,
                   percentile_cont(0.99) within group (order by extract(epoch from stored_at - received_at) * 1000) as p99
              from payment where received_at >= ? group by 1 order by 1
            """;

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final AuditLog audit;
    private final Instant countersSince = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    StatsController(JdbcTemplate jdbc, MeterRegistry meters, AuditLog audit) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.audit = audit;
    }

    @GetMapping(path = "/api/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DashboardStats> stats(@RequestParam(defaultValue = "24") int hours, HttpServletRequest request,
                                         Authentication caller) {
        int window = Math.max(1, Math.min(hours, 24 * 7));
        Instant to = Instant.now();
        Instant from = to.truncatedTo(ChronoUnit.HOURS).minus(window - 1L, ChronoUnit.HOURS);
        List<RegionHour> volume = jdbc.query(VOLUME, (rs, row) -> new RegionHour(
                rs.getObject("hour", OffsetDateTime.class).toInstant(), rs.getString("region"), rs.getLong("payments")),
                Timestamp.from(from));
        List<LatencyHour> latency = jdbc.query(LATENCY, (rs, row) -> new LatencyHour(
                rs.getObject("hour", OffsetDateTime.class).toInstant(), rs.getLong("payments"),
                rs.getDouble("p50"), rs.getDouble("p95"), rs.getDouble("p99")), Timestamp.from(from));
        DashboardStats stats = new DashboardStats(from, to, window, volume, latency,
                countBy(HubMeters.RESIDENCY_DECISIONS, "outcome"), countBy(HubMeters.DEAD_LETTERS, "source"), countersSince);
        audit.append(request, caller, "STATS_READ", Outcome.SUCCESS, List.of(), Map.of("hours", window));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(stats);
    }

    private List<Count> countBy(String meter, String tag) {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter counter : meters.find(meter).counters()) {
            counts.merge(counter.getId().getTag(tag), (long) counter.count(), Long::sum);
        }
        return counts.entrySet().stream().map(entry -> new Count(entry.getKey(), entry.getValue())).toList();
    }
}
