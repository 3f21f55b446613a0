package io.paymenthub.hub.retention;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Removes what is past its retention from each purged store, through {@code retention_purge()} (V21) in statements of
 * at most {@code batch-size} rows, each its own short transaction with a pause after it, so ingest is never held up
 * behind a long delete. One instance at a time: the run holds a session advisory lock, another instance skips its
 * turn. Each run that holds the lock writes one {@code RETENTION_PURGE} audit event with what it removed per store.
 */
final class RetentionPurge {

    static final String ACTION = "RETENTION_PURGE";
    /** A constant of this job's own: no other advisory lock in the hub uses it. */
    private static final long LOCK = 0x52657465_6e74696fL;
    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    /** One run: rows removed per store, and the stores it could not purge with the reason. */
    record Run(Instant at, Map<RetainedStore, Long> removed, Map<RetainedStore, String> refused) {
    }

    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final RetentionProperties properties;
    private final String region;
    private final Clock clock;

    RetentionPurge(JdbcTemplate jdbc, AuditLog audit, RetentionProperties properties, String region, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.properties = properties;
        this.region = region;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${hub.retention.purge-interval}", initialDelayString = "${hub.retention.purge-interval}")
    void purgeOnSchedule() {
        try {
            purge();
        } catch (DataAccessException unavailable) {
            log.warn("Retention purge not run this time ({}); the next run takes up what is left",
                    unavailable.getClass().getSimpleName());
        }
    }

    /** Purges every store; empty when another instance holds the purge. */
    Optional<Run> purge() {
        Instant now = clock.instant();
        Run run = jdbc.execute((ConnectionCallback<Run>) connection -> {
            connection.setAutoCommit(true);   // each batch commits on its own
            if (!tryLock(connection)) {
                return null;
            }
            try {
                Map<RetainedStore, Long> removed = new EnumMap<>(RetainedStore.class);
                Map<RetainedStore, String> refused = new EnumMap<>(RetainedStore.class);
                for (Map.Entry<RetainedStore, Period> entry : properties.periods(region).entrySet()) {
                    RetainedStore store = entry.getKey();
                    if (!store.purged()) {
                        continue;
                    }
                    Instant cutoff = store.cutoff(now, entry.getValue());
                    try {
                        removed.put(store, purge(connection, store, cutoff));
                    } catch (SQLException e) {
                        if (!"42501".equals(e.getSQLState())) {   // only a floor refusal is the store's own problem
                            throw e;
                        }
                        refused.put(store, e.getMessage().lines().findFirst().orElse("refused"));
                        log.error("Retention purge of {} refused by the datastore: {}", store.property(), refused.get(store));
                    }
                }
                return new Run(now, removed, refused);
            } finally {
                unlock(connection);
            }
        });
        if (run == null) {
            return Optional.empty();
        }
        record(run);
        return Optional.of(run);
    }

    private long purge(Connection connection, RetainedStore store, Instant cutoff) throws SQLException {
        long total = 0;
        try (PreparedStatement batch = connection.prepareStatement("select retention_purge(?, ?, ?)")) {
            batch.setString(1, store.table());
            batch.setTimestamp(2, Timestamp.from(cutoff));
            batch.setInt(3, properties.batchSize());
            int removed;
            do {
                try (ResultSet rs = batch.executeQuery()) {
                    rs.next();
                    removed = rs.getInt(1);
                }
                total += removed;
                if (removed == properties.batchSize()) {
                    pause();
                }
            } while (removed == properties.batchSize());
        }
        return total;
    }

    private void pause() {
        try {
            Thread.sleep(properties.pause().toMillis());   // a fixed breather for ingest between deletes, nothing awaited
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("retention purge interrupted", e);
        }
    }

    private void record(Run run) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("region", region);
        Map<String, Object> removed = new LinkedHashMap<>();
        run.removed().forEach((store, rows) -> removed.put(store.property(), rows));
        detail.put("removed", removed);
        if (!run.refused().isEmpty()) {
            Map<String, Object> refused = new LinkedHashMap<>();
            run.refused().forEach((store, reason) -> refused.put(store.property(), reason));
            detail.put("refused", refused);
        }
        audit.append(new AuditRecord(AuditRecord.HUB, "", ACTION, "retention " + region,
                run.refused().isEmpty() ? Outcome.SUCCESS : Outcome.FAILURE, "", List.of(), detail));
        log.info("Retention purge: removed {}{}", removed, run.refused().isEmpty() ? "" : ", refused " + run.refused().keySet());
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, LOCK);
            unlock.execute();
        }
    }
}
