package io.paymenthub.residency;

import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.OriginSignal;
import io.paymenthub.payment.Payment;
import io.paymenthub.residency.ResidencyDecision.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.List;

/**
 * Decides per payment whether it is stored here, forwarded to its home region or quarantined.
 * The strongest origin signal decides; any other signal pointing elsewhere makes it UNKNOWN (fail closed).
 */
public final class DecideResidencyProcessor implements Processor {

    private final ResidencyPolicy policy;

    public DecideResidencyProcessor(ResidencyPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) {
        ResidencyDecision decision = decide(exchange.getMessage().getBody(Payment.class).originSignals());
        exchange.setProperty(ExchangeKeys.RESIDENCY_DECISION, decision);
        exchange.getMessage().setHeader(ExchangeKeys.RESIDENCY, decision.outcome().name());
        if (decision.outcome() == Outcome.FOREIGN) {
            exchange.getMessage().setHeader(ExchangeKeys.FORWARD_URI, policy.forwardUriOf(decision.region()));
        }
    }

    ResidencyDecision decide(List<OriginSignal> signals) {
        if (signals.isEmpty()) {
            return new ResidencyDecision(Outcome.UNKNOWN, null, null, "no origin field");
        }
        OriginSignal strongest = signals.get(0);
        String region = policy.regionOf(strongest.country());
        if (region == null) {
            return new ResidencyDecision(Outcome.UNKNOWN, strongest.country(), null, strongest.field());
        }
        for (OriginSignal other : signals.subList(1, signals.size())) {
            if (!region.equals(policy.regionOf(other.country()))) {
                return new ResidencyDecision(Outcome.UNKNOWN, strongest.country(), null,
                        strongest.field() + " conflicts with " + other.field());
            }
        }
        Outcome outcome = region.equals(policy.homeRegion()) ? Outcome.LOCAL : Outcome.FOREIGN;
        return new ResidencyDecision(outcome, strongest.country(), region, strongest.field());
    }
}
