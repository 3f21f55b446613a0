package io.paymenthub.hub.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Verifies the audit chain as it grows, every {@code hub.audit.verify-interval}, so that a broken chain raises an
 * alert within minutes (PCI DSS 10.7.2) instead of waiting for an auditor's next verification. Each check walks the
 * rows appended since the last one, starting at the last row that held (which must still be there, unchanged), and
 * requires this hub's newest anchor among them; the first check after start-up walks the last
 * {@value #FIRST_CHECK_ROWS} rows. The whole chain is the auditor's to walk ({@code GET /api/v1/audit/verify}), whose
 * outcome is recorded here too: {@link #valid()} is 1 while the last check and the last full verification both held.
 */
public final class AuditChainCheck implements DisposableBean {

    /** What the first check reads: the recent part of the chain, not years of it on every start. */
    static final long FIRST_CHECK_ROWS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditChainCheck.class);

    private final AuditLog audit;
    private final AuditAnchors anchors;
    private final ScheduledExecutorService scheduler;
    /** The last row that held: where the next check starts. */
    private Checkpoint checked;
    /** Null until the first check has run. */
    private volatile Boolean recentHeld;
    private volatile boolean fullHeld = true;

    AuditChainCheck(AuditLog audit, AuditAnchors anchors, Duration interval) {
        this.audit = audit;
        this.anchors = anchors;
        if (interval.isZero() || interval.isNegative()) {
            scheduler = null;
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-chain-check");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::checkQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Walks the rows since the last check; the chain's head becomes the next check's start when they held. */
    synchronized AuditVerification check() {
        long from;
        if (checked != null) {
            from = checked.seq();
        } else {
            Long head = audit.headSeq();
            from = head == null ? 1 : Math.max(1, head - FIRST_CHECK_ROWS + 1);
        }
        AuditAnchor anchor = anchors.written();
        AuditVerification result = audit.verifyFrom(from, checked == null ? null : checked.seq(),
                checked == null ? null : checked.hash(), anchor != null && anchor.seq() >= from ? anchor : null);
        if (result.valid() && result.headSeq() != null) {
            checked = new Checkpoint(result.headSeq(), result.headHash());
        }
        if (!result.valid()) {
            LOG.error("Audit chain broken at row {}: {} (docs/alerts.md, HubAuditChainBroken)", result.firstInvalidSeq(),
                    result.problem());
        }
        recentHeld = result.valid();
        return result;
    }

    /** A verification of the whole chain (the auditor's): a broken one holds the gauge at 0 until one passes. */
    void recordFull(AuditVerification result) {
        fullHeld = result.valid();
    }

    /** 1 when the chain held, 0 when broken, NaN before the first check. */
    double valid() {
        Boolean recent = recentHeld;
        return recent == null ? Double.NaN : recent && fullHeld ? 1 : 0;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // the datastore being away is its own alert; the gauge keeps the last result
            LOG.warn("Audit chain not checked, trying again at the next interval: {}", e.getClass().getSimpleName());
        }
    }

    private record Checkpoint(long seq, String hash) {
    }

    @Override
    public void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
