package io.paymenthub.hub.retention;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the hub keeps in its datastore, each with its {@code hub.retention.*} name, its table and the column that
 * dates a row. The audit trail is reported, never purged: its retention is the least it is kept.
 */
public enum RetainedStore {

    /** Payments with their masked personal data, and with them the analytics rollup of their hours. */
    PAYMENTS("payments", "payment", "received_at", true),
    /** FOREIGN and UNKNOWN decisions (a LOCAL decision is its payment). */
    RESIDENCY_DECISIONS("residency-decisions", "residency_decision", "decided_at", true),
    /** pacs.002 statuses kept for a payment that has not arrived. */
    PENDING_STATUSES("pending-statuses", "payment_status_pending", "received_at", true),
    /** The dead-letter count's rows (the dead letters themselves are on their topics and queues). */
    DEAD_LETTER_EVENTS("dead-letter-events", "dead_letter_event", "at", true),
    /** Where each archived message lies; the archive objects themselves expire by the bucket's lifecycle rule. */
    ARCHIVE_INDEX("archive", "archive_entry", "archived_at", true),
    /** The audit chain: kept at least this long, never deleted by the hub. */
    AUDIT_EVENTS("audit-events", "audit_event", "occurred_at", false);

    private final String property;
    private final String table;
    private final String datedBy;
    private final boolean purged;

    RetainedStore(String property, String table, String datedBy, boolean purged) {
        this.property = property;
        this.table = table;
        this.datedBy = datedBy;
        this.purged = purged;
    }

    /** The name under {@code hub.retention} (and {@code hub.retention.regions.<region>}). */
    public String property() {
        return property;
    }

    /** The table; a constant of this enum, never taken from a request. */
    String table() {
        return table;
    }

    String datedBy() {
        return datedBy;
    }

    /** Whether the purge job removes rows past the retention (else the retention is a minimum). */
    public boolean purged() {
        return purged;
    }

    /**
     * The instant before which this store's rows are past {@code period}, counted back from {@code now} in UTC;
     * payments by whole hours, so an hour's analytics rollup leaves with the last of its payments.
     */
    Instant cutoff(Instant now, Period period) {
        Instant cutoff = now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
        return this == PAYMENTS ? cutoff.truncatedTo(ChronoUnit.HOURS) : cutoff;
    }

    static Optional<RetainedStore> byProperty(String property) {
        return Arrays.stream(values()).filter(store -> store.property.equals(property)).findFirst();
    }
}
