package io.paymenthub.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Counts a message on its way to its source's dead-letter place, by source (kafka, iso8583, ...). */
final class CountDeadLetterProcessor implements Processor {

    private final MeterRegistry meters;

    CountDeadLetterProcessor(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        String source = exchange.getProperty(ExchangeKeys.SOURCE, String.class);
        Counter.builder(HubMeters.DEAD_LETTERS)
                .description("Messages sent to their source's dead-letter place")
                .tag("source", source == null ? "unknown" : source)
                .register(meters)
                .increment();
    }
}
