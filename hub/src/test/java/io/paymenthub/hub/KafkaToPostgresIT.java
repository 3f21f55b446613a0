package io.paymenthub.hub;

import io.paymenthub.hub.leaks.LeakReport;
import io.paymenthub.hub.leaks.LeakScanner;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.samples.JposMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class KafkaToPostgresIT extends HubIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Autowired
    LeakScanner leakScanner;

    KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(brokers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void storesEachOf1100MessagesOnceAndAReplayAddsNone() {
        List<byte[]> messages = new ArrayList<>(SampleMessages.iso8583India("KPG00001", 1, 1000));
        messages.addAll(SampleMessages.pacs008India("E2E-KPG", 100));

        kafka.send(topic, messages);
        await().atMost(PATIENCE).until(() -> rowsTagged("KPG00001", "E2E-KPG"), n -> n == 1100);

        kafka.send(topic, messages);
        kafka.awaitCommitted(group, topic, PATIENCE);
        assertThat(rowsTagged("KPG00001", "E2E-KPG")).isEqualTo(1100);
        assertThat(jdbc.queryForObject("""
                select count(*) from payment where message_id like '%:KPG00001'
                  and pan_masked = '411111******1111' and pan_token is not null and region = 'in'
                  and origin_country = 'IN' and residency_field = 'DE19' and amount_minor = 12550 and currency = 'INR'
                """, Long.class)).isEqualTo(1000);
    }

    @Test
    void aMalformedMessageGoesToTheDeadLetterTopicNamingTheFieldAndItsNeighboursAreStored() {
        byte[] noTraceNumber = JposMessages.purchase(2, JposMessages.INDIA).set(41, "DLT00001").unset(11).pack();
        List<byte[]> messages = new ArrayList<>(SampleMessages.iso8583India("DLT00001", 1, 1));
        messages.add(noTraceNumber);
        messages.addAll(SampleMessages.iso8583India("DLT00001", 3, 1));

        kafka.send(topic, messages);

        await().atMost(PATIENCE).until(() -> rowsTagged("DLT00001", "none"), n -> n == 2);
        await().atMost(PATIENCE).until(() -> deadLetters().stream()
                .anyMatch(r -> reason(r).equals("DE11: required") && body(r).contains("\"reason\":\"DE11: required\"")));
    }

    @Test
    void noCardDataInTheDatastoreTheDeadLetterTopicOrTheLog(CapturedOutput log) {
        byte[] broken = JposMessages.purchase(9, JposMessages.INDIA).set(41, "LEAK0001").set(45, "B4111111111111111^DOE/JANE^29122011234").pack();
        List<byte[]> messages = new ArrayList<>(SampleMessages.iso8583India("LEAK0001", 1, 50));
        messages.add(java.util.Arrays.copyOf(broken, broken.length - 7));
        kafka.send(topic, messages);
        await().atMost(PATIENCE).until(() -> rowsTagged("LEAK0001", "none"), n -> n == 50);
        kafka.awaitCommitted(group, topic, PATIENCE);

        String table = String.join("\n", jdbc.queryForList("select row_to_json(p)::text from payment p", String.class));
        String deadLetters = String.join("\n", deadLetters().stream().map(KafkaToPostgresIT::body).toList());

        assertThat(table).contains("411111******1111");
        assertThat(deadLetters).contains("payload_encrypted");
        assertThat(CardDataLeaks.in("payment table", table)).isEmpty();
        assertThat(CardDataLeaks.in("dead-letter topic", deadLetters)).isEmpty();
        assertThat(CardDataLeaks.in("hub log", log.getAll())).isEmpty();
        LeakReport everywhere = leakScanner.scan();
        assertThat(everywhere.clean()).as(everywhere.toString()).isTrue();
    }

    private long rowsTagged(String terminal, String endToEndPrefix) {
        return jdbc.queryForObject("""
                select count(*) from payment
                 where message_id like '%:' || ? or message_refs->>'EndToEndId' like ? || '-%'
                """, Long.class, terminal, endToEndPrefix);
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return kafka.readAll(topic + ".dlt");
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        var header = record.headers().lastHeader("hub-reason");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String body(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
