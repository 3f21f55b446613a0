package io.paymenthub.hub.archive;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.delivery.PendingDeliveries;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.Payment;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Archives a stored payment's message (sensitive data already wiped) in this region. The source acknowledges only
 * once the archive copy is written too; a message of a bulk file is archived once per file, under its first payment.
 */
@Component("archivePayment")
class ArchivePaymentProcessor implements Processor {

    private final RegionalArchive archive;
    private final boolean enabled;
    private final Duration timeout;

    ArchivePaymentProcessor(RegionalArchive archive, HubProperties properties) {
        this.archive = archive;
        this.enabled = properties.archive().enabled();
        this.timeout = properties.delivery().timeout();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Integer index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        if (!enabled || index != null && index > 0) {
            return;
        }
        Payment payment = exchange.getMessage().getBody(Payment.class);
        byte[] wiped = exchange.getProperty(ExchangeKeys.SCRUBBED_MESSAGE, byte[].class);
        CompletableFuture<Void> written = archive.write(payment.messageId(), wiped);
        PendingDeliveries batch = exchange.getProperty(PendingDeliveries.PROPERTY, PendingDeliveries.class);
        if (batch != null) {
            batch.add(written);
        } else {
            written.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
