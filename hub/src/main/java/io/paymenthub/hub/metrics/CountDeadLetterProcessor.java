package io.paymenthub.hub.metrics;

import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.MessageRejected;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Counts and records a message on its way to its source's dead-letter place, by source (kafka, iso8583, ...) and
 * the field its {@link MessageRejected} names, or the limit it was over when this step is made for one.
 */
final class CountDeadLetterProcessor implements Processor {

    private final DeadLetterEvents events;
    private final String limit;

    /** @param limit the setting a message was over ({@code max-object-bytes}), or null: the rejected field */
    CountDeadLetterProcessor(DeadLetterEvents events, String limit) {
        this.events = events;
        this.limit = limit;
    }

    @Override
    public void process(Exchange exchange) {
        events.record(exchange.getProperty(ExchangeKeys.SOURCE, String.class), limit != null ? limit : rejectedField(exchange));
    }

    private static String rejectedField(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        return cause instanceof MessageRejected rejected ? rejected.field() : "rejected";
    }
}
