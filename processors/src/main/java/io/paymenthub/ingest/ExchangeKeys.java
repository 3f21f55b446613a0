package io.paymenthub.ingest;

/** Names of the exchange properties and headers the ingest path shares with routes (usable in YAML as written). */
public final class ExchangeKeys {

    /** Property: the message bytes exactly as received (an opened envelope's content); never stored. */
    public static final String RAW_MESSAGE = "hubRawMessage";
    /** Property: the raw message with sensitive authentication data wiped; the only copy that may be kept. */
    public static final String SCRUBBED_MESSAGE = "hubScrubbedMessage";
    /** Property: the detected {@link io.paymenthub.payment.MessageFormat}. */
    public static final String FORMAT = "hubFormat";
    /** Property: where the message came from (kafka, sqs, iso8583, http, s3). */
    public static final String SOURCE = "hubSource";
    /** Property: a source-specific reference to the message (topic/partition/offset, queue message id). */
    public static final String SOURCE_REF = "hubSourceRef";
    /** Property: the dead-letter endpoint of the message's source. */
    public static final String DEAD_LETTER_URI = "hubDeadLetterUri";
    /** Property: the ISO 8583 field layout (a resource location) of the listener that received the message. */
    public static final String ISO8583_DIALECT = "hubIso8583Dialect";
    /**
     * Property: the ISO 8583 message as read by the parser, so the scrub step wipes it without reading the bytes
     * again; the scrub step removes it.
     */
    public static final String ISO8583_MESSAGE = "hubIso8583Message";
    /** Header: a payload may name its format ({@code iso8583}, {@code iso20022}). */
    public static final String FORMAT_HEADER = "hub-format";
    /** Header: the residency decision, LOCAL, FOREIGN or UNKNOWN. */
    public static final String RESIDENCY = "hubResidency";
    /** Header: the endpoint a FOREIGN payment is forwarded to. */
    public static final String FORWARD_URI = "hubForwardUri";
    /** Property: the region that sealed the message, when it arrived as a sealed envelope and was opened here. */
    public static final String SEALED_BY = "hubSealedBy";
    /** Property: the full {@link io.paymenthub.residency.ResidencyDecision}. */
    public static final String RESIDENCY_DECISION = "hubResidencyDecision";

    private ExchangeKeys() {
    }
}
