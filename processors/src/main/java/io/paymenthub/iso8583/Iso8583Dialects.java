package io.paymenthub.iso8583;

import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The field layouts in use: the hub's default ({@code hub.iso8583.dialect}) and those an ISO 8583 listener names
 * for its connections in the exchange property {@link ExchangeKeys#ISO8583_DIALECT} (a resource location such as
 * {@code file:config/iso8583/iso87-ascii.xml}). Each file is read once, on its first message.
 */
public final class Iso8583Dialects {

    private final String defaultLocation;
    private final Iso8583Dialect defaultDialect;
    private final Function<String, Iso8583Dialect> reader;
    private final Map<String, Iso8583Dialect> byLocation = new ConcurrentHashMap<>();

    public Iso8583Dialects(String defaultLocation, Iso8583Dialect defaultDialect, Function<String, Iso8583Dialect> reader) {
        this.defaultLocation = defaultLocation;
        this.defaultDialect = defaultDialect;
        this.reader = reader;
    }

    /** One layout for every message (Kafka and SQS bodies, tests and benchmarks). */
    public static Iso8583Dialects only(Iso8583Dialect dialect) {
        return new Iso8583Dialects("", dialect, location -> {
            throw new IllegalStateException("no ISO 8583 dialect other than the default is configured: " + location);
        });
    }

    public Iso8583Dialect defaultDialect() {
        return defaultDialect;
    }

    /** The layout the exchange's listener names, else the default. */
    public Iso8583Dialect of(Exchange exchange) {
        return named(exchange.getProperty(ExchangeKeys.ISO8583_DIALECT, String.class));
    }

    /** The layout read from {@code location}; the default for none. */
    public Iso8583Dialect named(String location) {
        if (location == null || location.isBlank() || location.equals(defaultLocation)) {
            return defaultDialect;
        }
        return byLocation.computeIfAbsent(location, reader);
    }
}
