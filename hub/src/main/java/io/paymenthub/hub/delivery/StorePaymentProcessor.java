package io.paymenthub.hub.delivery;

import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.Payment;
import io.paymenthub.residency.ResidencyDecision;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.time.Duration;

/**
 * Hands what this region keeps about a payment to the group-commit writer: the payment itself when LOCAL,
 * the residency decision when FOREIGN or UNKNOWN. Inside a batch the wait is left to the source's
 * {@code awaitDeliveries} step; a message on its own waits here until its row is committed.
 */
public final class StorePaymentProcessor implements Processor {

    private final PaymentWriter writer;
    private final Duration timeout;

    public StorePaymentProcessor(PaymentWriter writer, Duration timeout) {
        this.writer = writer;
        this.timeout = timeout;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        PaymentWriter.Row row = new PaymentWriter.Row(
                exchange.getMessage().getBody(Payment.class),
                exchange.getProperty(ExchangeKeys.SOURCE, String.class),
                exchange.getProperty(ExchangeKeys.RESIDENCY_DECISION, ResidencyDecision.class));
        PendingDeliveries batch = exchange.getProperty(PendingDeliveries.PROPERTY, PendingDeliveries.class);
        if (batch != null) {
            batch.add(writer.submit(row), row.payment().messageId());
        } else {
            PendingDeliveries single = new PendingDeliveries();
            single.add(writer.submit(row), row.payment().messageId());
            single.await(timeout);
        }
    }
}
