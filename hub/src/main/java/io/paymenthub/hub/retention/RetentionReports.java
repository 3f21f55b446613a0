package io.paymenthub.hub.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.audit.AuditRecord;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the retention report from the datastore: every figure read afresh, the same on every instance. */
final class RetentionReports {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RetentionProperties properties;
    private final String region;
    private final Clock clock;
    private final RetentionOutsideTheDatastore outside;

    RetentionReports(JdbcTemplate jdbc, ObjectMapper json, RetentionProperties properties, String region, Clock clock,
                     RetentionOutsideTheDatastore outside) {
        this.outside = outside;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.region = region;
        this.clock = clock;
    }

    RetentionReport report() {
        Instant now = clock.instant();
        List<RetentionReport.Store> stores = new ArrayList<>();
        properties.periods(region).forEach((store, period) ->
                stores.add(store.purged() ? purged(store, period, now) : kept(store, period, now)));
        stores.addAll(outside.check(now));
        boolean clean = stores.stream().allMatch(RetentionReport.Store::holds);
        return new RetentionReport(region, now, clean, stores, lastPurge());
    }

    private RetentionReport.Store purged(RetainedStore store, Period period, Instant now) {
        Instant cutoff = store.cutoff(now, period);
        Instant oldest = oldest(store);
        boolean past = oldest != null && oldest.isBefore(cutoff);
        String floor = jdbc.query("select minimum::text from retention_floor where store = ? and ? > now() - minimum",
                rs -> rs.next() ? rs.getString(1) : null, store.table(), Timestamp.from(cutoff));
        String problem = floor == null ? null : "hub.retention." + store.property() + " (" + period
                + ") is shorter than the datastore keeps at least (" + floor + ", retention_floor): the purge is refused";
        return new RetentionReport.Store(store.property(), null, period.toString(), "maximum", "purge job (retention_purge)",
                cutoff, oldest, past, !past && problem == null, problem);
    }

    private RetentionReport.Store kept(RetainedStore store, Period period, Instant now) {
        Instant oldest = oldest(store);
        Long first = jdbc.queryForObject("select min(seq) from audit_event", Long.class);
        // nothing removed from the chain's start, or what remains reaches back the whole period
        boolean holds = first == null || first == 1 || !oldest.isAfter(store.cutoff(now, period));
        return new RetentionReport.Store(store.property(), null, period.toString(), "minimum",
                "never deleted by the hub (append-only, no purge function)", null, oldest, false, holds,
                holds ? null : "the audit chain starts at seq " + first + " and reaches back less than " + period);
    }

    private Instant oldest(RetainedStore store) {
        // table and column are the enum's constants; min() over their index reads one row
        Timestamp oldest = jdbc.queryForObject("select min(" + store.datedBy() + ") from " + store.table(), Timestamp.class);
        return oldest == null ? null : oldest.toInstant();
    }

    private Map<String, Object> lastPurge() {
        return jdbc.query("""
                select occurred_at, outcome, detail from audit_event
                 where actor = ? and action = ? order by occurred_at desc limit 1""", rs -> {
            if (!rs.next()) {
                return null;
            }
            Map<String, Object> purge = new LinkedHashMap<>();
            purge.put("at", rs.getTimestamp("occurred_at").toInstant());
            purge.put("outcome", rs.getString("outcome"));
            try {
                purge.putAll(json.readValue(rs.getString("detail"), Map.class));
            } catch (JsonProcessingException unreadable) {
                purge.put("detail", "unreadable");
            }
            return purge;
        }, AuditRecord.HUB, RetentionPurge.ACTION);
    }
}
