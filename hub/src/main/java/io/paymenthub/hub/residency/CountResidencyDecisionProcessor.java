package io.paymenthub.hub.residency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.residency.ResidencyDecision;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Counts every residency decision by outcome and origin country: {@code hub_residency_decisions_total}. */
@Component("countResidencyDecision")
class CountResidencyDecisionProcessor implements Processor {

    private final MeterRegistry registry;

    CountResidencyDecisionProcessor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        ResidencyDecision decision = exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class);
        Counter.builder("hub.residency.decisions")
                .description("Residency decisions by outcome and origin country")
                .tag("outcome", decision.outcome().name())
                .tag("country", decision.originCountry() == null ? "none" : decision.originCountry())
                .register(registry)
                .increment();
    }
}
