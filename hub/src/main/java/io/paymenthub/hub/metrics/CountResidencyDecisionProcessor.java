package io.paymenthub.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.residency.ResidencyDecision;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Counts the decision just taken by {@code decideResidency}, by outcome and origin country. */
final class CountResidencyDecisionProcessor implements Processor {

    private final MeterRegistry meters;

    CountResidencyDecisionProcessor(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        ResidencyDecision decision = exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class);
        if (decision != null) {
            Counter.builder(HubMeters.RESIDENCY_DECISIONS)
                    .description("Residency decisions by outcome and origin country")
                    .tag("outcome", decision.outcome().name())
                    .tag("country", decision.originCountry() == null ? "none" : decision.originCountry())
                    .register(meters)
                    .increment();
        }
    }
}
