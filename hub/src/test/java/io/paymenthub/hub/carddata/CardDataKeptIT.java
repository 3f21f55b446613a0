package io.paymenthub.hub.carddata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.TestGrants;
import io.paymenthub.samples.JposMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sensitive authentication data planted in every field a network uses for it — track 3 (DE 36), PIN block (DE 52),
 * EMV data (DE 55), a CVV2 in DE 48 — is in none of what the hub keeps: the datastore, the archived copy as the
 * auditor opens it (with a grant), and the dead letters as the key opens them, for messages that parse and messages that do not.
 * Each planted value is looked for as text, as hex and as base64.
 */
class CardDataKeptIT extends HubIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String TRACK3 = "01" + JposMessages.VISA_TEST_PAN + "7247241000000000000303000404000990100000000000000000";
    private static final String EMV = "9F2608AABBCCDDEEFF00119F3704A1B2C3D4";
    private static final String CVV2_SUBFIELD = "9203739";
    private static final List<String> PLANTED = List.of(TRACK3, JposMessages.PIN_BLOCK, EMV, CVV2_SUBFIELD,
            JposMessages.TRACK2, JposMessages.VISA_TEST_PAN);

    @Autowired
    TestRestTemplate http;
    @Autowired
    HubKeys keys;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void noPlantedSensitiveDataInTheDatastoreTheArchiveOrTheDeadLetters() throws Exception {
        byte[] stored = withSad(JposMessages.purchase(1, JposMessages.INDIA)).set(41, "SADKEPT1").pack();
        byte[] invalid = withSad(JposMessages.purchase(2, JposMessages.INDIA)).set(41, "SADKEPT2").unset(11).pack();
        byte[] whole = withSad(JposMessages.purchase(3, JposMessages.INDIA)).set(41, "SADKEPT3").pack();
        byte[] unparseable = java.util.Arrays.copyOf(whole, whole.length - 5);
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, List.of(stored, invalid, unparseable));
            String id = "0200:000001:1126101500:400123:SADKEPT1";
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "select count(*) from payment where message_id = ?", Long.class, id) == 1);
            await().atMost(PATIENCE).until(() -> deadLettersOf(kafka, "SADKEPT2", "SADKEPT3").size() == 2);

            List<String> kept = new ArrayList<>();
            kept.add(String.join("\n", jdbc.queryForList("select row_to_json(p)::text from payment p", String.class)));
            TestGrants.approved(http, "auditor", "auditor-local", "archive-open", "PT15M");
            await().atMost(PATIENCE).until(() -> archivedCopy(id).getStatusCode() == HttpStatus.OK);
            byte[] archived = Base64.getDecoder().decode(json.readTree(archivedCopy(id).getBody()).get("message_base64").asText());
            kept.add(new String(archived, StandardCharsets.ISO_8859_1));
            List<String> openedDeadLetters = new ArrayList<>();
            for (JsonNode deadLetter : deadLettersOf(kafka, "SADKEPT2", "SADKEPT3")) {
                kept.add(deadLetter.toString());
                String opened = new String(keys.payloadSealer().open(deadLetter.get("payload_encrypted").asText()),
                        StandardCharsets.ISO_8859_1);
                openedDeadLetters.add(opened);
                kept.add(opened);
            }

            assertThat(new String(archived, StandardCharsets.US_ASCII)).contains("411111******1111", "SADKEPT1");
            assertThat(openedDeadLetters).anyMatch(copy -> copy.contains("SADKEPT2") && copy.contains("411111******1111"))
                    .anyMatch(copy -> copy.startsWith("unparsed ISO 8583 message") && copy.contains("DE41=SADKEPT3"));
            for (String copy : kept) {
                assertThat(plantedIn(copy)).isEmpty();
                assertThat(CardDataLeaks.in("kept copy", copy)).isEmpty();
            }
        }
    }

    private static JposMessages withSad(JposMessages message) {
        return message.set(36, TRACK3).set(55, EMV).set(48, "0104ABCD" + CVV2_SUBFIELD + "1102XY");
    }

    private ResponseEntity<String> archivedCopy(String id) {
        return http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/archive/" + id, String.class);
    }

    private List<JsonNode> deadLettersOf(KafkaTestClient kafka, String... terminals) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readAll(topic + ".dlt")) {
            JsonNode envelope = json.readTree(record.value());
            String references = envelope.path("references").toString() + envelope.path("message_id").asText("");
            for (String terminal : terminals) {
                if (references.contains(terminal) || openedContains(envelope, terminal)) {
                    found.add(envelope);
                }
            }
        }
        return found;
    }

    private boolean openedContains(JsonNode envelope, String text) {
        JsonNode sealed = envelope.get("payload_encrypted");
        return sealed != null && new String(keys.payloadSealer().open(sealed.asText()), StandardCharsets.ISO_8859_1).contains(text);
    }

    /** Each planted value as text, as the hex of its characters, as base64 of its characters and of its bytes. */
    private static List<String> plantedIn(String copy) {
        List<String> found = new ArrayList<>();
        for (String secret : PLANTED) {
            Map<String, String> forms = new java.util.LinkedHashMap<>();
            forms.put("text", secret);
            forms.put("hex", HexFormat.of().formatHex(secret.getBytes(StandardCharsets.US_ASCII)));
            forms.put("base64", Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.US_ASCII)));
            if (secret.matches("[0-9A-F]+") && secret.length() % 2 == 0) {
                forms.put("base64 of its bytes", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(secret)));
            }
            forms.forEach((form, value) -> {
                boolean hex = form.equals("hex");
                if (copy.contains(value) || hex && copy.toUpperCase(java.util.Locale.ROOT).contains(value.toUpperCase(java.util.Locale.ROOT))) {
                    found.add(secret.length() + "-char planted value as " + form);
                }
            });
        }
        return found;
    }
}
