package io.paymenthub.iso20022;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;

/** Turns an ISO 20022 document into the canonical payment. */
public final class ParseIso20022Processor implements Processor {

    private final Iso20022Parser parser;

    public ParseIso20022Processor(Iso20022Parser parser) {
        this.parser = parser;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] xml = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(parser.parse(xml, Instant.now()));
    }
}
