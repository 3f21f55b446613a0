package io.paymenthub.hub.dashboard;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import io.paymenthub.hub.dashboard.DashboardStats.Count;
import io.paymenthub.hub.dashboard.DashboardStats.LatencyHour;
import io.paymenthub.hub.dashboard.DashboardStats.RegionHour;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/stats}: aggregates only, no payment in them; audited like every other query. Every figure is read
 * from the datastore over the same window, so every pod and every restart answers the same.
 */
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
    /** The decisions that stored no payment here; a LOCAL decision is its payment row. */
    private static final String DECISIONS = """
            select outcome, count(*) as decisions from residency_decision where decided_at >= ? group by 1
            """;
    private static final String DEAD_LETTERS = """
            select source, count(*) as dead_letters from dead_letter_event where at >= ? group by 1 order by 1
            """;

    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    StatsController(JdbcTemplate jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @GetMapping(path = "/api/v1/stats", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DashboardStats> stats(@RequestParam(defaultValue = "24") int hours, HttpServletRequest request,
                                         Authentication caller) {
        int window = Math.max(1, Math.min(hours, 24 * 7));
        Instant to = Instant.now();
        Instant from = to.truncatedTo(ChronoUnit.HOURS).minus(window - 1L, ChronoUnit.HOURS);
        Timestamp since = Timestamp.from(from);
        List<RegionHour> volume = jdbc.query(VOLUME, (rs, row) -> new RegionHour(
                rs.getObject("hour", OffsetDateTime.class).toInstant(), rs.getString("region"), rs.getLong("payments")),
                since);
        List<LatencyHour> latency = jdbc.query(LATENCY, (rs, row) -> new LatencyHour(
                rs.getObject("hour", OffsetDateTime.class).toInstant(), rs.getLong("payments"),
                rs.getDouble("p50"), rs.getDouble("p95"), rs.getDouble("p99")), since);
        List<Count> deadLetters = jdbc.query(DEAD_LETTERS, (rs, row) -> new Count(rs.getString("source"),
                rs.getLong("dead_letters")), since);
        DashboardStats stats = new DashboardStats(from, to, window, volume, latency, decisions(volume, since), deadLetters);
        audit.append(request, caller, "STATS_READ", Outcome.SUCCESS, List.of(), Map.of("hours", window));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(stats);
    }

    /** LOCAL, FOREIGN and UNKNOWN, in that order and each present; LOCAL is the volume chart's total, the same rows. */
    private List<Count> decisions(List<RegionHour> volume, Timestamp since) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("LOCAL", volume.stream().mapToLong(RegionHour::payments).sum());
        counts.put("FOREIGN", 0L);
        counts.put("UNKNOWN", 0L);
        jdbc.query(DECISIONS, rs -> {
            counts.put(rs.getString("outcome"), rs.getLong("decisions"));
        }, since);
        return counts.entrySet().stream().map(entry -> new Count(entry.getKey(), entry.getValue())).toList();
    }
}
