package io.paymenthub.hub.keys;

import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running hub rotates its PAN key: new tokens use the newest key, and a PAN still finds what older keys tokenised. */
class KeyRotationIT extends HubIntegrationTest {

    private static final String TERMINAL = "ROT00001";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    HubKeys keys;
    @Autowired
    PanLookup lookup;
    @Autowired
    TestRestTemplate http;

    @Test
    void paymentsTokenisedBeforeAndAfterARotationAreBothFoundByPanAndAReplayAddsNoRow() {
        byte[] before = SampleMessages.iso8583India(TERMINAL, 1, 1).get(0);
        byte[] after = SampleMessages.iso8583India(TERMINAL, 2, 1).get(0);
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, List.of(before));
            await().atMost(PATIENCE).until(this::rows, n -> n == 1);
            String oldKey = keyIds().get(0);

            ManagedKey rotated = keys.rotate(KeyPurpose.PAN);
            kafka.send(topic, List.of(after));
            await().atMost(PATIENCE).until(this::rows, n -> n == 2);

            assertThat(keyIds()).containsExactlyInAnyOrder(oldKey, rotated.id());
            assertThat(rotated.id()).isNotEqualTo(oldKey);
            assertThat(foundByPan(JposMessages.VISA_TEST_PAN)).isEqualTo(2);
            assertThat(foundByPan(JposMessages.MASTERCARD_TEST_PAN)).isZero();

            // the idempotency key is message_id (DE 11, 7, 32, 41), not derived from the PAN: a replay under the new key adds nothing
            kafka.send(topic, List.of(before, after));
            kafka.awaitCommitted(group, topic, PATIENCE);
            assertThat(rows()).isEqualTo(2);
        }
    }

    @Test
    void opsSeeTheKeyInventoryWithoutKeysAndRotateOverHttp() {
        ResponseEntity<String> inventory = http.withBasicAuth("ops", "ops-local").getForEntity("/actuator/hubkeys", String.class);
        assertThat(inventory.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(inventory.getBody()).contains("\"provider\":\"local\"", "\"use\":\"tokenize and look up\"", "\"check\":");
        for (ManagedKey key : keys.ring().keys(KeyPurpose.PAN)) {
            assertThat(inventory.getBody()).doesNotContain(java.util.Base64.getEncoder().encodeToString(key.material().secret()))
                    .doesNotContain(java.util.HexFormat.of().formatHex(key.material().secret()));
        }
        assertThat(http.withBasicAuth("analyst", "analyst-local").getForEntity("/actuator/hubkeys", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        String newestBefore = keys.ring().newest(KeyPurpose.PAYLOAD).id();
        ResponseEntity<String> rotated = http.withBasicAuth("ops", "ops-local").exchange("/actuator/hubkeys/payload", HttpMethod.POST,
                json("{\"action\":\"rotate\"}"), String.class);
        assertThat(rotated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(keys.ring().newest(KeyPurpose.PAYLOAD).id()).isNotEqualTo(newestBefore);
        assertThat(http.withBasicAuth("ops", "ops-local").exchange("/actuator/hubkeys/" + keys.ring().newest(KeyPurpose.PAYLOAD).id(),
                HttpMethod.DELETE, null, String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private static HttpEntity<String> json(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new HttpEntity<>(body, headers);
    }

    private long rows() {
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, TERMINAL);
    }

    private List<String> keyIds() {
        return jdbc.queryForList("select pan_key_id from payment where message_id like '%:' || ? order by message_id", String.class, TERMINAL);
    }

    private long foundByPan(String pan) {
        List<String> tokens = new ArrayList<>();
        lookup.tokensOf(pan).forEach(token -> tokens.add(token.token()));
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ? and pan_token = any(?)",
                Long.class, TERMINAL, tokens.toArray(String[]::new));
    }
}
