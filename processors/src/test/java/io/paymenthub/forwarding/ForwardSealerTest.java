package io.paymenthub.forwarding;

import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForwardSealerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:15:30Z"), ZoneOffset.UTC);

    private final KeyMaterial singaporeKey = forwardKey("local-forward-v1");
    private final ForwardSealer fromIndia = new ForwardSealer("in", "sg", SealPublicKey.of(singaporeKey), CLOCK);
    private final byte[] message = JposMessages.purchase(1001, JposMessages.SINGAPORE).set(41, "SEAL0001").pack();

    @Test
    void theHomeRegionOpensWhatAnotherRegionSealedAndReadsItsReferencesInClear() {
        byte[] wire = seal(message);

        SealedEnvelope received = SealedEnvelope.read(wire);
        assertThat(new EnvelopeOpener("sg", List.of(singaporeKey)).open(received)).isEqualTo(message);
        assertThat(received.messageId()).isEqualTo("0200:001001:SEAL0001");
        assertThat(received.originCountry()).isEqualTo("SG");
        assertThat(received.senderRegion()).isEqualTo("in");
        assertThat(received.homeRegion()).isEqualTo("sg");
        assertThat(received.keyId()).isEqualTo("local-forward-v1");
        assertThat(received.sealedAt()).isEqualTo(CLOCK.instant());
        assertThat(received.references()).containsEntry("DE41", "SEAL0001");
        String text = new String(wire, StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\"hub_sealed_envelope\":1,").contains("\"format\":\"iso8583\"");
        assertThat(text).doesNotContain(JposMessages.VISA_TEST_PAN).doesNotContain(JposMessages.TRACK2);
        assertThat(PanMasking.countClearPans(text)).isZero();
    }

    @Test
    void theSenderCannotOpenWhatItSealed() {
        SealedEnvelope received = SealedEnvelope.read(seal(message));
        // the sending region holds its own forwarding key, even under the same id, and the home region's public key
        EnvelopeOpener sender = new EnvelopeOpener("sg", List.of(forwardKey("local-forward-v1")));

        assertThatThrownBy(() -> sender.open(received)).isInstanceOf(MessageRejected.class)
                .hasMessage("ciphertext: does not open with key 'local-forward-v1': changed in transit or sealed with another key");
        assertThatThrownBy(() -> new EnvelopeOpener("sg", List.of()).open(received)).isInstanceOf(MessageRejected.class)
                .hasMessageStartingWith("key_id: sealed with key 'local-forward-v1', which this region does not hold");
    }

    @Test
    void aChangedCiphertextOrReferenceDoesNotOpen() {
        EnvelopeOpener singapore = new EnvelopeOpener("sg", List.of(singaporeKey));
        SealedEnvelope sealed = SealedEnvelope.read(seal(message));
        byte[] flipped = sealed.ciphertext();
        flipped[flipped.length / 2] ^= 1;
        SealedEnvelope changedCiphertext = new SealedEnvelope(sealed.messageId(), sealed.source(), sealed.format(),
                sealed.originCountry(), sealed.senderRegion(), sealed.homeRegion(), sealed.keyId(), sealed.sealedAt(),
                sealed.references(), flipped);
        SealedEnvelope changedReference = SealedEnvelope.read(new String(seal(message), StandardCharsets.UTF_8)
                .replace("\"origin_country\":\"SG\"", "\"origin_country\":\"MY\"").getBytes(StandardCharsets.UTF_8));

        assertThat(singapore.open(sealed)).isEqualTo(message);
        assertThatThrownBy(() -> singapore.open(changedCiphertext)).isInstanceOf(MessageRejected.class).hasMessageStartingWith("ciphertext:");
        assertThat(changedReference.originCountry()).isEqualTo("MY");
        assertThatThrownBy(() -> singapore.open(changedReference)).isInstanceOf(MessageRejected.class).hasMessageStartingWith("ciphertext:");
    }

    @Test
    void anEnvelopeForAnotherRegionIsNotOpened() {
        SealedEnvelope forSingapore = SealedEnvelope.read(seal(message));
        // India holding Singapore's key (a misconfiguration) still refuses: the envelope names its home region
        EnvelopeOpener india = new EnvelopeOpener("in", List.of(singaporeKey));

        assertThatThrownBy(() -> india.open(forSingapore)).isInstanceOf(MessageRejected.class)
                .hasMessage("home_region: sealed for region 'sg', not for this region (in): not opened");
    }

    @Test
    void everyHeldVersionOpensWhatItSealed() {
        KeyMaterial newer = forwardKey("local-forward-v2");
        byte[] underV1 = seal(message);
        byte[] underV2 = new ForwardSealer("in", "sg", SealPublicKey.of(newer), CLOCK)
                .seal(message, null, "kafka", "iso8583", "SG", Map.of()).toJson();
        EnvelopeOpener singapore = new EnvelopeOpener("sg", List.of(newer, singaporeKey));

        assertThat(singapore.open(SealedEnvelope.read(underV1))).isEqualTo(message);
        assertThat(singapore.open(SealedEnvelope.read(underV2))).isEqualTo(message);
        assertThat(SealedEnvelope.read(underV2).keyId()).isEqualTo("local-forward-v2");
    }

    @Test
    void onlyAJsonObjectWithTheMarkerIsAnEnvelope() {
        assertThat(SealedEnvelope.mayBeSealed(message)).isFalse();
        assertThat(SealedEnvelope.mayBeSealed("  <Document/>".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(SealedEnvelope.mayBeSealed(" {\"a\":1}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(SealedEnvelope.mayBeSealed(("{\"a\":\"" + "x".repeat(100) + "\",\"hub_sealed_envelope\":1}").getBytes(StandardCharsets.UTF_8)))
                .as("the marker opens an envelope").isFalse();
        assertThat(SealedEnvelope.mayBeSealed("\n { \"hub_sealed_envelope\" : 1}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(SealedEnvelope.mayBeSealed(seal(message))).isTrue();
        assertThat(SealedEnvelope.read("{\"a\":1}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(SealedEnvelope.read("{not json".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThatThrownBy(() -> SealedEnvelope.read("{\"hub_sealed_envelope\":1,\"home_region\":\"sg\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageRejected.class).hasMessage("key_id: missing from the sealed envelope");
        assertThatThrownBy(() -> SealedEnvelope.read("{\"hub_sealed_envelope\":4111111111111111}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MessageRejected.class).message().doesNotContain("4111111111111111");
    }

    @Test
    void aPublicKeyIsExportedAndConfiguredAsText() {
        SealPublicKey exported = SealPublicKey.of(singaporeKey);

        assertThat(exported.text()).startsWith("local-forward-v1:").hasSize("local-forward-v1:".length() + 44);
        assertThat(SealPublicKey.parse(exported.text())).isEqualTo(exported);
        assertThatThrownBy(() -> SealPublicKey.parse("local-forward-v1:AAAA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SealPublicKey.parse("no-key-id")).isInstanceOf(IllegalArgumentException.class);
    }

    private byte[] seal(byte[] plain) {
        return fromIndia.seal(plain, "0200:001001:SEAL0001", "kafka", "iso8583", "SG",
                Map.of("DE11", "001001", "DE41", "SEAL0001")).toJson();
    }

    private static KeyMaterial forwardKey(String id) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new KeyMaterial(id, secret);
    }
}
