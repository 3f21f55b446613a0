package io.paymenthub.iso8583;

import com.solab.iso8583.IsoMessage;
import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;
import java.util.List;

/**
 * Turns ISO 8583 bytes into the canonical payment (a list of one, as every parser gives a list of payments), read
 * with the field layout of the listener that received them. The message read is kept for the scrub step.
 */
public final class ParseIso8583Processor implements Processor {

    private final Iso8583Dialects dialects;
    private final Iso8583Parser parser;

    public ParseIso8583Processor(Iso8583Dialects dialects, Iso8583Parser parser) {
        this.dialects = dialects;
        this.parser = parser;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] wire = exchange.getMessage().getBody(byte[].class);
        IsoMessage message = dialects.of(exchange).read(wire);
        exchange.getMessage().setBody(List.of(parser.parse(message, Instant.now())));
        exchange.setProperty(ExchangeKeys.ISO8583_MESSAGE, message);
    }
}
