package io.paymenthub.hub;

import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.samples.JposMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Only this region's payments are stored: Singapore's go unchanged to Singapore, unknown origins to quarantine. */
class ResidencyRoutingIT extends HubIntegrationTest {

    @Test
    void foreignIsForwardedUnchangedUnknownIsQuarantinedAndNeitherIsStored() {
        byte[] singapore = JposMessages.purchase(1, JposMessages.SINGAPORE).set(41, "RES00001").pack();
        byte[] unknown = JposMessages.purchase(2, null).set(41, "RES00001").pack();
        byte[] india = JposMessages.purchase(3, JposMessages.INDIA).set(41, "RES00001").pack();

        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, List.of(singapore, unknown, india));
            kafka.awaitCommitted(group, topic, Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.readAll("payments.sg").stream()
                    .anyMatch(r -> Arrays.equals(r.value(), singapore)));
            List<String> quarantined = kafka.readAll("payments.quarantine").stream().map(ResidencyRoutingIT::body).toList();
            assertThat(quarantined).anyMatch(envelope -> envelope.contains("\"reason\":\"residency UNKNOWN: no origin field\"")
                    && envelope.contains("\"DE41\":\"RES00001\"") && envelope.contains("\"DE11\":\"000002\""));
            assertThat(quarantined).noneMatch(envelope -> envelope.contains(JposMessages.VISA_TEST_PAN));
        }
        assertThat(jdbc.queryForList("select message_refs->>'DE11' from payment where message_id like '%:RES00001'", String.class))
                .containsExactly("000003");
    }

    private static String body(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
