package io.paymenthub.hub.metrics;

/**
 * Names of the hub's own meters (Prometheus: {@code hub_residency_decisions_total}, {@code hub_dead_letters_total},
 * {@code hub_audit_anchor_age_seconds}). The alert rules (monitoring/prometheus-rules.yaml, docs/alerts.md) read them;
 * tags never carry card data, user names or message ids.
 */
public final class HubMeters {

    /** Every residency decision, tagged {@code outcome} (LOCAL, FOREIGN, UNKNOWN) and {@code country}. */
    public static final String RESIDENCY_DECISIONS = "hub.residency.decisions";
    /**
     * Payments received today (UTC) and stored in this region whose origin is not the home region's: the daily
     * residency report's {@code storedWithForeignOrigin}, which must be zero.
     */
    public static final String STORED_FOREIGN_ORIGIN = "hub.residency.stored.foreign.origin";
    /** Every message sent to its source's dead-letter place, tagged {@code source}. */
    public static final String DEAD_LETTERS = "hub.dead.letters";
    /** Security alerts the hub raises itself, tagged {@code kind} (e.g. {@code pan_search_budget_exceeded}). */
    public static final String SECURITY_ALERTS = "hub.security.alerts";
    /** Failed logins, tagged {@code outcome}: {@code failed} (credentials refused) or {@code throttled} (refused while locked). */
    public static final String LOGIN_FAILURES = "hub.login.failures";
    /** ISO 8583 connections closed at once, tagged {@code limit} ({@code max-connections}, {@code max-connections-per-address}). */
    public static final String ISO8583_CONNECTIONS_REFUSED = "hub.iso8583.connections.refused";
    /** ISO 8583 connections open, of all listeners. */
    public static final String ISO8583_CONNECTIONS_OPEN = "hub.iso8583.connections.open";
    /** SQS API calls the hub makes, tagged {@code operation}. */
    public static final String SQS_API_CALLS = "hub.sqs.api.calls";
    /** Archive writes that failed after the reply (ISO 8583 answers before its archive copy is written). */
    public static final String ARCHIVE_FAILURES = "hub.archive.failures";
    /** 1 for each source route ({@code ingest-*}, feeds included) that is up, 0 while it is down; tagged {@code route}, {@code source}. */
    public static final String SOURCE_UP = "hub.source.up";
    /** Seconds the datastore circuit has been open (writes failing at once), 0 while closed. */
    public static final String DATASTORE_CIRCUIT_OPEN = "hub.datastore.circuit.open";
    /** 1 while the audit chain held at its last verifications, 0 once one found it broken. */
    public static final String AUDIT_CHAIN_VALID = "hub.audit.chain.valid";
    /** Seconds since this hub last anchored the audit chain's head outside the database. */
    public static final String AUDIT_ANCHOR_AGE = "hub.audit.anchor.age";
    /** {@code hub.audit.anchor-interval} in seconds (0: anchoring is off), for the rule on the anchor's age. */
    public static final String AUDIT_ANCHOR_INTERVAL = "hub.audit.anchor.interval";
    /** Clear PANs the last leak scan on this hub found, tagged {@code kind} (datastore, dead-letter, archive, log). */
    public static final String LEAK_SCAN_CLEAR_PANS = "hub.leak.scan.clear.pans";
    /** Age in seconds of the newest key of each purpose, tagged {@code purpose}; NaN when its creation time is unknown. */
    public static final String KEY_AGE = "hub.keys.newest.age";
    /** {@code hub.masking.cryptoperiod} in seconds, for the rule on the keys' age. */
    public static final String KEY_CRYPTOPERIOD = "hub.keys.cryptoperiod";

    private HubMeters() {
    }
}
