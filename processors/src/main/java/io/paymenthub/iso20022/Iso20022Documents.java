package io.paymenthub.iso20022;

import io.paymenthub.payment.MessageRejected;

import javax.xml.validation.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ISO 20022 messages the hub accepts, by message definition. A new version of a message with the same structure
 * is a configuration line ({@code hub.iso20022.messages}), e.g. {@code pain.001.001.10: credit-transfer-initiation}.
 * Every document is first validated against its definition's schema ({@link Iso20022Schemas}), then read.
 */
public final class Iso20022Documents {

    /** What a message definition is, and so how it is read. */
    public enum Kind {
        /** pacs.008: one payment, read with Prowide's typed model (001.08). */
        CREDIT_TRANSFER,
        /** pain.001: one payment per transaction, streamed. */
        CREDIT_TRANSFER_INITIATION,
        /** pacs.002: statuses of payments already received. */
        PAYMENT_STATUS_REPORT
    }

    public static final Map<String, Kind> DEFAULTS = Map.of(
            Iso20022Parser.PACS_008_001_08, Kind.CREDIT_TRANSFER,
            "pain.001.001.09", Kind.CREDIT_TRANSFER_INITIATION,
            "pacs.002.001.10", Kind.PAYMENT_STATUS_REPORT);

    private final Map<String, Kind> kinds;
    private final Map<String, Schema> schemas = new LinkedHashMap<>();
    private final Iso20022Parser creditTransfers = new Iso20022Parser();
    private final Pain001Parser initiations = new Pain001Parser();
    private final Pacs002Parser statusReports = new Pacs002Parser();

    /** Schemas derived from the message models; see {@link Iso20022Schemas} for official XSDs. */
    public Iso20022Documents(Map<String, Kind> kinds) {
        this(kinds, new Iso20022Schemas(null));
    }

    public Iso20022Documents(Map<String, Kind> kinds, Iso20022Schemas schemaSource) {
        kinds.forEach((definition, kind) -> {
            if (kind == Kind.CREDIT_TRANSFER && !definition.equals(Iso20022Parser.PACS_008_001_08)) {
                throw new IllegalArgumentException("hub.iso20022.messages: " + definition
                        + " cannot be read as credit-transfer; that reader is built on the " + Iso20022Parser.PACS_008_001_08 + " model");
            }
        });
        this.kinds = Map.copyOf(kinds);
        kinds.keySet().stream().sorted().forEach(definition -> schemas.put(definition, schemaSource.schemaOf(definition)));
    }

    /** A {@code List<Payment>} for payment messages, a {@code StatusReport} for status reports. */
    public Object parse(byte[] xml, Instant receivedAt) {
        String definition = Iso20022Parser.messageDefinition(xml)
                .orElseThrow(() -> new MessageRejected("Document", "not an ISO 20022 message (no Document namespace)"));
        Kind kind = kinds.get(definition);
        if (kind == null) {
            throw new MessageRejected("Document", definition + " is not accepted here; accepted: " + kinds.keySet().stream().sorted().toList());
        }
        SchemaValidation.validate(xml, schemas.get(definition));
        return switch (kind) {
            case CREDIT_TRANSFER -> List.of(creditTransfers.parseValidated(xml, receivedAt));
            case CREDIT_TRANSFER_INITIATION -> initiations.parse(xml, definition, receivedAt);
            case PAYMENT_STATUS_REPORT -> statusReports.parse(xml);
        };
    }
}
