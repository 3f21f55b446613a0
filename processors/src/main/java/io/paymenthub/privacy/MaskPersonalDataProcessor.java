package io.paymenthub.privacy;

import io.paymenthub.payment.Payment;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Applies the personal-data masking rules to a payment; after this step only masked personal data remains. */
public final class MaskPersonalDataProcessor implements Processor {

    private final PersonalDataRules rules;

    public MaskPersonalDataProcessor(PersonalDataRules rules) {
        this.rules = rules;
    }

    @Override
    public void process(Exchange exchange) {
        Payment payment = exchange.getMessage().getBody(Payment.class);
        if (!payment.personalData().isEmpty()) {
            exchange.getMessage().setBody(payment.withPersonalData(rules.mask(payment.personalData())));
        }
    }
}
