package io.paymenthub.hub.faults;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.LocalSqs;
import io.paymenthub.hub.support.ForkedHub;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.hub.support.TcpProxy;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import static io.paymenthub.hub.faults.FaultStreams.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQS is unreachable from the hub for 20 s while messages keep arriving in the queue: the hub retries by itself,
 * stores every message once, and no good message is pushed into the dead-letter queue by the outage.
 */
@Tag("faults")
@ExtendWith(DevServicesExtension.class)
class SqsOutageFaultIT {

    @Test
    void twentySecondsWithoutSqsLosesNothingAndDeadLettersNothing() throws Exception {
        LocalSqs sqs = DevServices.get().sqs();
        String queue = "payments-sqs-outage";
        // the redrive threshold a deployment should use (README): an outage of the SQS link can cost a message two
        // receives — one answered into a dropped connection, one whose delete failed — on top of a real failure
        String queueUrl = sqs.createQueueWithDeadLetters(queue, queue + "-dlq", 5);
        String deadLetterUrl = sqs.client().getQueueUrl(b -> b.queueName(queue + "-dlq")).queueUrl();
        StreamLedger ledger = new StreamLedger("SQS00001", 3_000);
        URI endpoint = URI.create(sqs.endpoint());
        try (TcpProxy proxy = new TcpProxy(endpoint.getHost(), endpoint.getPort());
             ForkedHub hub = ForkedHub.start("hub-sqsdown", List.of(
                     "--hub.sources.kafka.enabled=false",
                     "--hub.sources.http.enabled=false",
                     "--hub.sources.sqs.enabled=true",
                     "--hub.sources.sqs.queue=" + queue,
                     "--hub.sources.sqs.endpoint=http://localhost:" + proxy.port())).awaitReady(Duration.ofSeconds(120))) {
            CompletableFuture<Void> sending = sendPaced(sqs.client(), queueUrl, ledger);
            await().atMost(Duration.ofSeconds(90)).until(ledger::stored, n -> n >= 500);

            proxy.cut();
            long storedWhileCut = ledger.stored();
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25)).until(ledger::stored, n -> n <= storedWhileCut + 50);
            proxy.restore();
            long restored = System.nanoTime();
            await().atMost(Duration.ofSeconds(120)).until(ledger::stored, n -> n > storedWhileCut + 50);
            double recovery = seconds(restored);

            sending.get();
            await().atMost(Duration.ofSeconds(180)).until(ledger::stored, n -> n >= ledger.sent());
            SqsClient client = sqs.client();
            await().atMost(Duration.ofSeconds(60)).until(() -> waiting(client, queueUrl), n -> n == 0);

            ledger.assertEachStoredOnce();
            assertThat(waiting(client, deadLetterUrl)).as("good messages in the dead-letter queue").isZero();
            System.out.println(ledger.report("SQS unreachable for 20 s during a 3,000-message queue stream", recovery));
        }
    }

    /** Messages still in the queue, visible or in flight. */
    private static long waiting(SqsClient sqs, String queueUrl) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The bank's side: batches of ten straight into the queue, about 100 messages a second. */
    private static CompletableFuture<Void> sendPaced(SqsClient sqs, String queueUrl, StreamLedger ledger) {
        List<byte[]> messages = SampleMessages.iso8583India(ledger.terminal(), 1, ledger.sent());
        return CompletableFuture.runAsync(() -> {
            for (int from = 0; from < messages.size(); from += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = from; i < Math.min(from + 10, messages.size()); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i)
                            .messageBody(new String(messages.get(i), StandardCharsets.US_ASCII)).build());
                }
                if (!sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed().isEmpty()) {
                    throw new IllegalStateException("the queue refused a batch");
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());   // pacing a load generator
            }
        });
    }
}
