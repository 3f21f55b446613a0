package io.paymenthub.carddata;

import io.paymenthub.payment.Card;
import io.paymenthub.payment.Payment;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Replaces the clear PAN by its token and truncated form; after this step no clear PAN remains in the payment. */
public final class TokenizePanProcessor implements Processor {

    private final PanTokenizer tokenizer;

    public TokenizePanProcessor(PanTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public void process(Exchange exchange) {
        Payment payment = exchange.getMessage().getBody(Payment.class);
        if (payment.card() instanceof Card.ClearPan clear) {
            String pan = clear.pan();
            Card protectedPan = new Card.ProtectedPan(tokenizer.token(pan), tokenizer.keyId(), PanMasking.mask(pan));
            exchange.getMessage().setBody(payment.withCard(protectedPan));
        }
    }
}
