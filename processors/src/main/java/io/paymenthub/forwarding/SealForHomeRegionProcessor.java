package io.paymenthub.forwarding;

import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.Payment;
import io.paymenthub.residency.ResidencyDecision;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * Replaces a FOREIGN payment's body with the envelope its home region opens: the raw message with sensitive
 * authentication data wiped (the PAN kept, for the home region to tokenize), sealed with the home region's public
 * key, references in clear. A home region without a seal key was quarantined before reaching this step; should one
 * arrive here anyway, it is rejected rather than forwarded in clear.
 */
public final class SealForHomeRegionProcessor implements Processor {

    private final SensitiveDataWiper wiper;
    private final Map<String, ForwardSealer> sealers;

    /** @param sealers by home region id: one per region whose public key is configured */
    public SealForHomeRegionProcessor(SensitiveDataWiper wiper, Map<String, ForwardSealer> sealers) {
        this.wiper = wiper;
        this.sealers = Map.copyOf(sealers);
    }

    @Override
    public void process(Exchange exchange) {
        ResidencyDecision decision = exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class);
        ForwardSealer sealer = decision == null || decision.region() == null ? null : sealers.get(decision.region());
        if (sealer == null) {
            throw new MessageRejected("home_region", "no seal key for the home region: not forwarded in clear");
        }
        MessageFormat format = exchange.getProperty(ExchangeKeys.FORMAT, MessageFormat.class);
        byte[] wiped = wiper.wipeAuthenticationData(exchange.getProperty(ExchangeKeys.RAW_MESSAGE, byte[].class), format,
                exchange.getProperty(ExchangeKeys.ISO8583_DIALECT, String.class));
        Payment payment = exchange.getMessage().getBody(Payment.class);
        SealedEnvelope envelope = sealer.seal(wiped, payment == null ? null : payment.messageId(),
                exchange.getProperty(ExchangeKeys.SOURCE, String.class), format == null ? null : format.headerValue(),
                decision.originCountry(), payment == null ? Map.of() : payment.references());
        exchange.getMessage().setBody(envelope.toJson());
    }
}
