package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.s3.S3Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Anchors the audit chain's head outside the database, where whoever can rewrite {@code audit_event} cannot follow:
 * every {@code hub.audit.anchor-interval} and at shutdown, one log line {@code audit anchor seq=… hash=… key=…}
 * (shipped off the host by the log pipeline) and, with {@code hub.audit.anchor.bucket}, an S3 object
 * {@code audit-anchors/<region>/<seq, 20 digits>.json} under Object Lock retention in compliance mode, which nobody
 * can delete or overwrite before it expires. The newest anchor is also kept in memory. Verification reads it back
 * and requires its row, unchanged: a chain cut or recomputed after it is caught.
 */
public final class AuditAnchors implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(AuditAnchors.class);
    static final String PREFIX = "audit-anchors/";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String region;
    private final String bucket;
    private final Duration retention;
    private final S3Client s3;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile AuditAnchor newest;
    /** When the head was last anchored, or found empty (nothing to anchor); the start until then. */
    private volatile Instant anchoredAt;

    AuditAnchors(JdbcTemplate jdbc, ObjectMapper json, String region, HubProperties.Audit audit, Clock clock) {
        HubProperties.Audit.Anchor anchor = audit.anchor();
        this.jdbc = jdbc;
        this.json = json;
        this.region = region;
        this.bucket = anchor.bucket().isBlank() ? null : anchor.bucket();
        this.retention = anchor.retention();
        this.s3 = bucket == null ? null : S3Configuration.client(anchor.endpoint(), anchor.region());
        this.clock = clock;
        this.anchoredAt = clock.instant();
        this.interval = audit.anchorInterval();
        if (interval.isZero() || interval.isNegative()) {
            scheduler = null;
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-anchor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::anchorQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes the current head as an anchor; null while the chain is empty. */
    synchronized AuditAnchor anchor() {
        List<Map<String, Object>> head = jdbc.queryForList("select seq, hash, key_id from audit_event order by seq desc limit 1");
        if (head.isEmpty()) {
            anchoredAt = clock.instant();
            return null;
        }
        AuditAnchor anchor = new AuditAnchor(region, ((Number) head.get(0).get("seq")).longValue(),
                ((String) head.get(0).get("hash")).trim(), (String) head.get(0).get("key_id"), clock.instant());
        LOG.info("audit anchor seq={} hash={} key={} region={} at={}", anchor.seq(), anchor.hash(),
                anchor.keyId() == null ? "none" : anchor.keyId(), region, anchor.anchoredAt());
        AuditAnchor previous = newest;
        if (s3 != null && (previous == null || previous.seq() != anchor.seq())) {
            Instant until = anchor.anchoredAt().plus(retention);
            s3.putObject(put -> put.bucket(bucket).key(key(anchor.seq())).contentType("application/json")
                            .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until),
                    RequestBody.fromBytes(toJson(anchor)));
            ensureLocked(key(anchor.seq()), until);
        }
        newest = anchor;
        anchoredAt = anchor.anchoredAt();
        return anchor;
    }

    /** How long ago the head was last anchored (or found empty): more than an interval or two means anchors fail. */
    Duration sinceAnchored() {
        return Duration.between(anchoredAt, clock.instant());
    }

    /** {@code hub.audit.anchor-interval}; zero when anchoring is off. */
    Duration interval() {
        return interval.isNegative() ? Duration.ZERO : interval;
    }

    /** The newest anchor this hub wrote, from memory (no bucket read); null when none yet. */
    AuditAnchor written() {
        return newest;
    }

    /**
     * The newest anchor the hub wrote: read back from the bucket when there is one (another replica's may be newer,
     * and this one's memory does not survive a restart), else the one in memory; null when none was written.
     */
    AuditAnchor newest() {
        if (s3 == null) {
            return newest;
        }
        String last = null;
        for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(PREFIX + region + "/")).contents()) {
            if (last == null || object.key().compareTo(last) > 0) {
                last = object.key();
            }
        }
        if (last == null) {
            return newest;
        }
        String found = last;
        try {
            return json.readValue(s3.getObjectAsBytes(get -> get.bucket(bucket).key(found)).asByteArray(), AuditAnchor.class);
        } catch (IOException e) {
            throw new UncheckedIOException("audit anchor " + found + " in " + bucket + " is not readable", e);
        }
    }

    /** An anchor is worth only its lock: checked after the put, and set where a server dropped the put's lock headers. */
    private void ensureLocked(String key, Instant until) {
        try {
            if (s3.getObjectRetention(get -> get.bucket(bucket).key(key)).retention().mode() == ObjectLockRetentionMode.COMPLIANCE) {
                return;
            }
        } catch (S3Exception noRetention) {
            // none held: set it below
        }
        s3.putObjectRetention(put -> put.bucket(bucket).key(key)
                .retention(retention -> retention.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until)));
    }

    /** Where anchors go, for the verification's report: {@code s3://bucket/prefix} or {@code log}. */
    String place() {
        return s3 == null ? "log" : "s3://" + bucket + "/" + PREFIX + region + "/";
    }

    /** Zero-padded so that the objects list in chain order. */
    String key(long seq) {
        return PREFIX + region + "/" + String.format("%020d", seq) + ".json";
    }

    private byte[] toJson(AuditAnchor anchor) {
        try {
            return json.writeValueAsBytes(anchor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void anchorQuietly() {
        try {
            anchor();
        } catch (RuntimeException e) {
            LOG.warn("Audit anchor not written, trying again at the next interval: {}", e.toString());
        }
    }

    /** The last anchor, at shutdown: the head as this hub leaves it. */
    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        anchorQuietly();
        if (s3 != null) {
            s3.close();
        }
    }
}
