package io.paymenthub.iso20022;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Instant;

/** Turns an ISO 20022 document into canonical payments (a list, one per transaction) or a status report. */
public final class ParseIso20022Processor implements Processor {

    private final Iso20022Documents documents;

    public ParseIso20022Processor(Iso20022Documents documents) {
        this.documents = documents;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] xml = exchange.getMessage().getBody(byte[].class);
        exchange.getMessage().setBody(documents.parse(xml, Instant.now()));
    }
}
