package io.paymenthub.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.samples.JposMessages;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SQS through ElasticMQ: batched receive and delete, nothing deleted before it is stored, poison to the DLQ. */
class SqsIT extends HubIntegrationTest {

    private static final String QUEUE = "payments-inbound";
    private static final String DEAD_LETTERS = "payments-inbound-dlq";

    @Autowired
    MeterRegistry meters;
    @Autowired
    CamelContext camel;

    @Test
    void fiveHundredMessagesSentInBatchesAreStoredAndDeletedWithFewApiCalls() throws Exception {
        // the queue is filled while the hub is not reading, as after a bank's burst: calls per message are then
        // those of full batches, not of messages trickling in one by one during the test
        camel.getRouteController().stopRoute("ingest-sqs");
        try (SqsClient sqs = DevServices.get().sqs().client()) {
            String url = sqs.getQueueUrl(q -> q.queueName(QUEUE)).queueUrl();
            for (int first = 1; first <= 500; first += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int stan = first; stan < first + 10; stan++) {
                    byte[] purchase = JposMessages.purchase(stan, JposMessages.INDIA).set(41, "SQS00001").pack();
                    // half as ASCII text, half base64 with the attribute, as banks send them
                    entries.add(stan % 2 == 0
                            ? SendMessageBatchRequestEntry.builder().id("m" + stan).messageBody(new String(purchase, StandardCharsets.US_ASCII)).build()
                            : SendMessageBatchRequestEntry.builder().id("m" + stan).messageBody(Base64.getEncoder().encodeToString(purchase))
                                    .messageAttributes(Map.of("hub-encoding", software.amazon.awssdk.services.sqs.model.MessageAttributeValue.builder()
                                            .dataType("String").stringValue("base64").build())).build());
                }
                assertThat(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).failed()).isEmpty();
            }
            double callsBefore = apiCalls();
            camel.getRouteController().startRoute("ingest-sqs");

            await().atMost(Duration.ofSeconds(90)).until(() -> rows("SQS00001") == 500);
            await().atMost(Duration.ofSeconds(30)).until(() -> messagesIn(sqs, url) == 0);
            double callsPerMessage = (apiCalls() - callsBefore) / 500;
            System.out.printf("SQS API calls per message: %.3f%n", callsPerMessage);
            assertThat(callsPerMessage).isLessThanOrEqualTo(0.25);
        }
        assertThat(rows("SQS00001")).isEqualTo(500);
    }

    @Test
    void aPoisonMessageReachesTheDeadLetterQueueThroughRedriveAndIsNotStored() {
        byte[] poison = JposMessages.purchase(9, JposMessages.INDIA).set(41, "SQSBAD01").unset(11).pack();
        try (SqsClient sqs = DevServices.get().sqs().client()) {
            String url = sqs.getQueueUrl(q -> q.queueName(QUEUE)).queueUrl();
            String dlq = sqs.getQueueUrl(q -> q.queueName(DEAD_LETTERS)).queueUrl();
            sqs.sendMessage(m -> m.queueUrl(url).messageBody(new String(poison, StandardCharsets.US_ASCII)));

            List<Message> deadLetters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                deadLetters.addAll(sqs.receiveMessage(r -> r.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
                return deadLetters.stream().anyMatch(m -> m.body().contains("SQSBAD01"));
            });
        }
        assertThat(rows("SQSBAD01")).isZero();
    }

    private double apiCalls() {
        return meters.find("hub.sqs.api.calls").counters().stream().mapToDouble(Counter::count).sum();
    }

    private long rows(String terminal) {
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, terminal);
    }

    private static int messagesIn(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }
}
