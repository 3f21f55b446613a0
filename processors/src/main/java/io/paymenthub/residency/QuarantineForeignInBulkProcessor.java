package io.paymenthub.residency;

import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.residency.ResidencyDecision.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A FOREIGN transaction inside a bulk document (a pain.001 of many) is quarantined, not forwarded: forwarding the
 * document unchanged would carry the other transactions, this region's among them, across the border.
 */
public final class QuarantineForeignInBulkProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        ResidencyDecision decision = exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class);
        if (decision.outcome() == Outcome.FOREIGN) {
            exchange.setProperty(ExchangeKeys.RESIDENCY_DECISION, new ResidencyDecision(Outcome.UNKNOWN,
                    decision.originCountry(), null, decision.decidingField() + " names another region in a bulk document"));
            exchange.getMessage().setHeader(ExchangeKeys.RESIDENCY, Outcome.UNKNOWN.name());
            exchange.getMessage().removeHeader(ExchangeKeys.FORWARD_URI);
        }
    }
}
