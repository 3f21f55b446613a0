package io.paymenthub.hub.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.LocalPostgres;
import io.paymenthub.hub.PaymentHubApplication;
import io.paymenthub.hub.metrics.HubMeters;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/v1/stats} reads every figure from the datastore: a hub started afresh on the same datastore, its
 * own counters at zero, answers the same residency decisions, dead letters and volume as the hub that saw the
 * messages. And a dead letter's row names at most the rejected field, never a card number that was in it.
 */
class DashboardStatsIT extends HubIntegrationTest {

    private static final String TERMINAL = "STS00001";
    private static final int PAYMENTS = 12;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    MeterRegistry meters;

    @Test
    void aFreshlyStartedHubOnTheSameDatastoreShowsTheSameFigures() throws Exception {
        JsonNode before = stats(port);
        long dead = deadLetterRows("kafka", "DE11");

        List<byte[]> messages = new ArrayList<>(SampleMessages.iso8583India(TERMINAL, 1, PAYMENTS));
        messages.add(JposMessages.purchase(801, JposMessages.SINGAPORE).set(41, TERMINAL).pack());   // FOREIGN
        messages.add(JposMessages.purchase(802, null).set(41, TERMINAL).pack());                     // UNKNOWN
        messages.add(JposMessages.purchase(803, JposMessages.INDIA).set(41, TERMINAL).unset(11).pack()); // DE11: required
        send(messages);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from payment where message_id like '%:' || ?", Long.class, TERMINAL), n -> n == PAYMENTS);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterRows("kafka", "DE11"), n -> n == dead + 1);

        JsonNode after = stats(port);
        assertThat(count(after.get("residency_decisions"), "LOCAL") - count(before.get("residency_decisions"), "LOCAL"))
                .isGreaterThanOrEqualTo(PAYMENTS);
        assertThat(count(after.get("residency_decisions"), "FOREIGN") - count(before.get("residency_decisions"), "FOREIGN"))
                .isGreaterThanOrEqualTo(1);
        assertThat(count(after.get("residency_decisions"), "UNKNOWN") - count(before.get("residency_decisions"), "UNKNOWN"))
                .isGreaterThanOrEqualTo(1);
        assertThat(count(after.get("dead_letters"), "kafka") - count(before.get("dead_letters"), "kafka")).isGreaterThanOrEqualTo(1);
        assertThat(after.has("counters_since")).isFalse();
        long stored = 0;
        for (JsonNode hour : after.get("volume_by_region_hour")) {
            stored += hour.get("payments").asLong();
        }
        assertThat(count(after.get("residency_decisions"), "LOCAL")).isEqualTo(stored);

        try (ConfigurableApplicationContext restarted = startAnotherHub()) {
            assertThat(deadLettersCounted(restarted.getBean(MeterRegistry.class))).isZero();
            assertThat(deadLettersCounted(meters)).isPositive();
            int restartedPort = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));

            // read again together until nothing else moves the figures between the two reads
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode first = stats(port);
                JsonNode second = stats(restartedPort);
                assertThat(second.get("from")).isEqualTo(first.get("from"));
                assertThat(second.get("residency_decisions")).isEqualTo(first.get("residency_decisions"));
                assertThat(second.get("dead_letters")).isEqualTo(first.get("dead_letters"));
                assertThat(second.get("volume_by_region_hour")).isEqualTo(first.get("volume_by_region_hour"));
            });
            JsonNode second = stats(restartedPort);
            assertThat(count(second.get("residency_decisions"), "UNKNOWN")).isGreaterThanOrEqualTo(
                    count(after.get("residency_decisions"), "UNKNOWN"));
            assertThat(count(second.get("dead_letters"), "kafka")).isGreaterThanOrEqualTo(count(after.get("dead_letters"), "kafka"));
        }
    }

    @Test
    void aDeadLetterRowHoldsNoCardNumber() throws Exception {
        String pan = JposMessages.VISA_TEST_PAN;
        long inMsgId = deadLetterRows("kafka", "GrpHdr/MsgId");
        long missingTime = deadLetterRows("kafka", "DE7");
        byte[] panInMsgId = new String(SampleMessages.pacs008India("STS-PAN", 1).get(0), StandardCharsets.UTF_8)
                .replaceFirst("<MsgId>[^<]*</MsgId>", "<MsgId>" + pan + "</MsgId>").getBytes(StandardCharsets.UTF_8);
        // a purchase with the card in DE 2 and track 2, rejected for another field (DE7: required)
        byte[] cardButNoTime = JposMessages.purchase(804, JposMessages.INDIA).set(41, TERMINAL).unset(7).pack();

        send(List.of(panInMsgId, cardButNoTime));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterRows("kafka", "GrpHdr/MsgId"), n -> n == inMsgId + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterRows("kafka", "DE7"), n -> n == missingTime + 1);

        String rows = String.join("\n", owner().queryForList("select row_to_json(d)::text from dead_letter_event d", String.class));
        assertThat(rows).contains("\"reason\":\"GrpHdr/MsgId\"", "\"reason\":\"DE7\"")
                .doesNotContain(pan).doesNotContain("holds a card number").doesNotContain("required");
        assertThat(CardDataLeaks.in("dead_letter_event", rows)).isEmpty();
    }

    /** The hub once more, as a restarted pod: a context of its own on the same datastore, taking no messages. */
    private static ConfigurableApplicationContext startAnotherHub() {
        return new SpringApplicationBuilder(PaymentHubApplication.class).profiles("local").run(
                "--server.port=0", "--camel.main.name=payment-hub-stats", "--spring.jmx.unique-names=true",
                "--hub.sources.kafka.enabled=false", "--hub.sources.iso8583.enabled=false",
                "--hub.sources.sqs.enabled=false", "--hub.sources.s3.enabled=false",
                "--hub.masking.keystore.path=hub/target/test-keys.p12");
    }

    private void send(List<byte[]> messages) {
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, messages);
            kafka.awaitCommitted(group, topic, Duration.ofSeconds(90));
        }
    }

    private JsonNode stats(int hubPort) throws Exception {
        String credentials = Base64.getEncoder().encodeToString("analyst:analyst-local".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + hubPort + "/api/v1/stats"))
                .header("Authorization", "Basic " + credentials).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /api/v1/stats on port %d", hubPort).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static long count(JsonNode counts, String name) {
        for (JsonNode count : counts) {
            if (count.get("name").asText().equals(name)) {
                return count.get("count").asLong();
            }
        }
        return 0;
    }

    private static double deadLettersCounted(MeterRegistry registry) {
        return registry.find(HubMeters.DEAD_LETTERS).counters().stream().mapToDouble(Counter::count).sum();
    }

    private long deadLetterRows(String source, String reason) {
        return jdbc.queryForObject("select count(*) from dead_letter_event where source = ? and reason = ?", Long.class, source, reason);
    }

    /** The owner, who reads every table whatever the application role may. */
    private static JdbcTemplate owner() {
        LocalPostgres postgres = DevServices.get().postgres();
        return new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password()));
    }
}
