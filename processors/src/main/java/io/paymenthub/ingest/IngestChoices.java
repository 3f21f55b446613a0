package io.paymenthub.ingest;

import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.StatusReport;
import org.apache.camel.Predicate;

/**
 * The ingest path's choices, as predicates the YAML routes name ({@code when: [ { ref: iso8583Message } ]}). A
 * simple-language comparison of the format enum with a string converted types on every message, and {@code is}
 * resolved the class by name on every message: together a tenth of the path's CPU.
 */
public final class IngestChoices {

    private IngestChoices() {
    }

    /** The detected format ({@link ExchangeKeys#FORMAT}) is ISO 8583. */
    public static Predicate iso8583Message() {
        return exchange -> exchange.getProperty(ExchangeKeys.FORMAT) == MessageFormat.ISO8583;
    }

    /** The parsed body is a status report (pacs.002), not payments. */
    public static Predicate statusReport() {
        return exchange -> exchange.getMessage().getBody() instanceof StatusReport;
    }
}
