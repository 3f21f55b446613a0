package io.paymenthub.hub.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.residency.ResidencyDecision;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the decision just taken by {@code decideResidency}, by outcome and origin country. The counters are kept
 * (at most three outcomes times the known countries): building and registering one per message cost more than the
 * decision.
 */
final class CountResidencyDecisionProcessor implements Processor {

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CountResidencyDecisionProcessor(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public void process(Exchange exchange) {
        ResidencyDecision decision = exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class);
        if (decision != null) {
            String outcome = decision.outcome().name();
            String country = decision.originCountry() == null ? "none" : decision.originCountry();
            counters.computeIfAbsent(outcome + "/" + country, key -> Counter.builder(HubMeters.RESIDENCY_DECISIONS)
                    .description("Residency decisions by outcome and origin country")
                    .tag("outcome", outcome)
                    .tag("country", country)
                    .register(meters)).increment();
        }
    }
}
