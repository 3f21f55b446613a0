package io.paymenthub.carddata;

import io.paymenthub.payment.Card;
import io.paymenthub.payment.Payment;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.function.Supplier;

/**
 * Replaces the clear PAN by its token and truncated form; after this step no clear PAN remains in the payment.
 * The token is always made with the newest PAN key, which the supplier gives (keys rotate while the hub runs).
 */
public final class TokenizePanProcessor implements Processor {

    private final Supplier<PanTokenizer> newestKey;

    public TokenizePanProcessor(PanTokenizer tokenizer) {
        this(() -> tokenizer);
    }

    public TokenizePanProcessor(Supplier<PanTokenizer> newestKey) {
        this.newestKey = newestKey;
    }

    @Override
    public void process(Exchange exchange) {
        Payment payment = exchange.getMessage().getBody(Payment.class);
        if (payment.card() instanceof Card.ClearPan clear) {
            String pan = clear.pan();
            PanTokenizer tokenizer = newestKey.get();
            Card protectedPan = new Card.ProtectedPan(tokenizer.token(pan), tokenizer.keyId(), PanMasking.mask(pan));
            exchange.getMessage().setBody(payment.withCard(protectedPan));
        }
    }
}
