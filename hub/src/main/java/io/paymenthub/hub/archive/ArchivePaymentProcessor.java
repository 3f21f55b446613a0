package io.paymenthub.hub.archive;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.delivery.PendingDeliveries;
import io.paymenthub.hub.metrics.HubMeters;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.Payment;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.CompletableFuture;

/**
 * Archives a stored payment's message (sensitive data already wiped) in this region; a bulk file is archived once,
 * under its first payment. A batch source (Kafka, SQS, S3, HTTP) acknowledges only once the archive copy is written
 * too. The ISO 8583 listener answers once the payment is stored and does not wait for the archive object, whose
 * write costs an S3 round trip: a reply within milliseconds is the contract there. A failed archive write is logged
 * and counted ({@code hub_archive_failures_total}).
 */
@Component("archivePayment")
class ArchivePaymentProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(ArchivePaymentProcessor.class);

    private final RegionalArchive archive;
    private final boolean enabled;
    private final Counter failures;

    ArchivePaymentProcessor(RegionalArchive archive, HubProperties properties, MeterRegistry meters) {
        this.archive = archive;
        this.enabled = properties.archive().enabled();
        this.failures = Counter.builder(HubMeters.ARCHIVE_FAILURES).description("Archive writes that failed after the reply")
                .register(meters);
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
            written.whenComplete((done, failure) -> {
                if (failure != null) {
                    failures.increment();
                    log.warn("Archiving {} failed: {}", payment.messageId(), failure.getClass().getSimpleName());
                }
            });
        }
    }
}
