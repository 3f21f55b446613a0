package io.paymenthub.hub;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.forwarding.ForwardSealer;
import io.paymenthub.forwarding.SealPublicKey;
import io.paymenthub.forwarding.SealedEnvelope;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.Iso8583TestClient;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SealKeys;
import io.paymenthub.samples.JposMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jpos.iso.ISOMsg;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only this region's payments are stored: Singapore's go to Singapore sealed for it, unknown origins to quarantine;
 * an envelope sealed for this region is opened and stored, one that does not open is dead-lettered.
 */
class ResidencyRoutingIT extends HubIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void foreignIsForwardedSealedUnknownIsQuarantinedAndNeitherIsStored() {
        byte[] singapore = JposMessages.purchase(1, JposMessages.SINGAPORE).set(41, "RES00001").pack();
        byte[] unknown = JposMessages.purchase(2, null).set(41, "RES00001").pack();
        byte[] india = JposMessages.purchase(3, JposMessages.INDIA).set(41, "RES00001").pack();

        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, List.of(singapore, unknown, india));
            kafka.awaitCommitted(group, topic, Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(30)).until(() -> forwarded(kafka, "RES00001") != null);
            ConsumerRecord<byte[], byte[]> record = forwarded(kafka, "RES00001");
            String wire = body(record);
            assertThat(PanMasking.countClearPans(wire)).isZero();
            assertThat(wire).doesNotContain(JposMessages.VISA_TEST_PAN).doesNotContain(JposMessages.TRACK2);
            SealedEnvelope envelope = SealedEnvelope.read(record.value());
            assertThat(envelope.homeRegion()).isEqualTo("sg");
            assertThat(envelope.senderRegion()).isEqualTo("in");
            assertThat(envelope.originCountry()).isEqualTo("SG");
            assertThat(envelope.keyId()).isEqualTo(SealKeys.SINGAPORE.id());
            assertThat(envelope.messageId()).endsWith(":RES00001").startsWith("0200:000001:");

            ISOMsg opened = Iso8583TestClient.unpack(SealKeys.openAsSingapore(record.value()));
            assertThat(opened.getString(2)).as("the PAN travels, for Singapore to tokenize").isEqualTo(JposMessages.VISA_TEST_PAN);
            assertThat(opened.hasField(35) || opened.hasField(52)).as("track 2 and PIN block wiped").isFalse();
            assertThat(opened.getString(11)).isEqualTo("000001");

            List<String> quarantined = kafka.readAll("payments.quarantine").stream().map(ResidencyRoutingIT::body).toList();
            assertThat(quarantined).anyMatch(json -> json.contains("\"reason\":\"residency UNKNOWN: no origin field\"")
                    && json.contains("\"DE41\":\"RES00001\"") && json.contains("\"DE11\":\"000002\""));
            assertThat(quarantined).noneMatch(json -> json.contains(JposMessages.VISA_TEST_PAN));
        }
        assertThat(jdbc.queryForList("select message_refs->>'DE11' from payment where message_id like '%:RES00001'", String.class))
                .containsExactly("000003");
    }

    @Test
    void anEnvelopeSealedForThisRegionIsStoredOnceAndOneThatDoesNotOpenIsDeadLettered() {
        ResponseEntity<Map> exported = http.withBasicAuth("ops", "ops-local").getForEntity("/actuator/hubkeys/forward-public", Map.class);
        assertThat(exported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(exported.getBody()).containsEntry("region", "in").containsEntry("setting", "hub.residency.regions.in.seal-public-key");
        SealPublicKey india = SealPublicKey.parse((String) exported.getBody().get("sealPublicKey"));
        assertThat(http.getForEntity("/actuator/hubkeys/forward-public", Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        ForwardSealer fromSingapore = new ForwardSealer("sg", "in", india, Clock.systemUTC());
        byte[] good = sealed(fromSingapore, JposMessages.purchase(4, JposMessages.INDIA).set(41, "RES00002").pack());
        String tampered = new String(sealed(fromSingapore, JposMessages.purchase(5, JposMessages.INDIA).set(41, "RES00002").pack()),
                StandardCharsets.UTF_8).replace("\"DE41\":\"RES00002\"", "\"DE41\":\"RES00003\"");
        byte[] forSingapore = sealed(new ForwardSealer("in", "sg", SealPublicKey.of(SealKeys.SINGAPORE), Clock.systemUTC()),
                JposMessages.purchase(6, JposMessages.SINGAPORE).set(41, "RES00002").pack());

        assertThat(tampered).contains("\"DE41\":\"RES00003\"");
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, List.of(good, tampered.getBytes(StandardCharsets.UTF_8), forSingapore, good));
            kafka.awaitCommitted(group, topic, Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(kafka).stream()
                    .filter(json -> json.contains("does not open") || json.contains("not for this region")).count() >= 2);
            List<String> rejected = deadLetters(kafka);
            assertThat(rejected).anyMatch(json -> json.contains("\"reason\":\"ciphertext: does not open with key '" + india.keyId()
                    + "': changed in transit or sealed with another key\""));
            assertThat(rejected).anyMatch(json -> json.contains("\"reason\":\"home_region: sealed for region 'sg', not for this region (in): not opened\""));
            assertThat(rejected).noneMatch(json -> PanMasking.countClearPans(json) > 0);
        }
        assertThat(jdbc.queryForList("select message_refs->>'DE11' from payment where message_id like '%:RES00002'", String.class))
                .as("stored once, though delivered twice; the tampered and the Singapore envelopes not at all").containsExactly("000004");
        assertThat(jdbc.queryForObject("select pan_masked from payment where message_id like '%:RES00002'", String.class))
                .isEqualTo("411111******1111");
    }

    private static byte[] sealed(ForwardSealer sealer, byte[] message) {
        return sealer.seal(message, null, "kafka", "iso8583", null, Map.of("DE41", "RES00002")).toJson();
    }

    private List<String> deadLetters(KafkaTestClient kafka) {
        return kafka.readAll(topic + ".dlt").stream().map(ResidencyRoutingIT::body).toList();
    }

    private static ConsumerRecord<byte[], byte[]> forwarded(KafkaTestClient kafka, String terminal) {
        return kafka.readAll("payments.sg").stream().filter(r -> body(r).contains("\"DE41\":\"" + terminal + "\""))
                .reduce((first, last) -> last).orElse(null);
    }

    private static String body(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }
}
