package io.paymenthub.residency;

import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.residency.ResidencyDecision.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A FOREIGN payment that cannot go sealed to its home region is quarantined (fail closed), never forwarded in
 * clear: its home region has no seal key configured here, or it arrived here sealed already — regions whose
 * policies disagree would otherwise pass it back and forth.
 */
public final class QuarantineUnforwardableProcessor implements Processor {

    private final ResidencyPolicy policy;

    public QuarantineUnforwardableProcessor(ResidencyPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) {
        ResidencyDecision decision = exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class);
        if (decision == null || decision.outcome() != Outcome.FOREIGN) {
            return;
        }
        String why;
        if (exchange.getProperty(ExchangeKeys.SEALED_BY) != null) {
            why = " names region " + decision.region() + " in a message sealed for this one: not forwarded again";
        } else if (!policy.canSealFor(decision.region())) {
            why = " names region " + decision.region() + ", which has no seal-public-key: not forwarded in clear";
        } else {
            return;
        }
        exchange.setProperty(ExchangeKeys.RESIDENCY_DECISION,
                new ResidencyDecision(Outcome.UNKNOWN, decision.originCountry(), null, decision.decidingField() + why));
        exchange.getMessage().setHeader(ExchangeKeys.RESIDENCY, Outcome.UNKNOWN.name());
        exchange.getMessage().removeHeader(ExchangeKeys.FORWARD_URI);
    }
}
