package io.paymenthub.hub.keys;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.hub.metrics.HubMeters;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubKeysTest {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A provider holding its versions in memory, created at given instants. */
    static final class InMemoryKeys implements KeyProvider {
        final List<ManagedKey> keys = new ArrayList<>();
        Instant now = START;

        InMemoryKeys() {
            create(KeyPurpose.PAN);
            create(KeyPurpose.PAYLOAD);
            create(KeyPurpose.AUDIT);
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public List<ManagedKey> load() {
            return List.copyOf(keys);
        }

        @Override
        public ManagedKey create(KeyPurpose purpose) {
            int version = (int) keys.stream().filter(k -> k.purpose() == purpose).count() + 1;
            String id = purpose.keyId("test", version);
            byte[] secret = new byte[32];
            Arrays.fill(secret, (byte) (version * 10 + purpose.ordinal()));
            ManagedKey key = new ManagedKey(id, purpose, version, now, new KeyMaterial(id, secret));
            keys.add(key);
            return key;
        }

        @Override
        public void destroy(String keyId) {
            keys.removeIf(k -> k.id().equals(keyId));
        }
    }

    @Test
    void newTokensUseTheNewestKeyAndLookupsCoverEveryHeldVersion() {
        InMemoryKeys provider = new InMemoryKeys();
        HubKeys keys = new HubKeys(provider, Duration.ofDays(365), false, Duration.ZERO, Clock.fixed(START, ZoneOffset.UTC));
        String before = keys.newestPanTokenizer().token("4111111111111111");

        keys.rotate(KeyPurpose.PAN);

        assertThat(keys.newestPanTokenizer().keyId()).isEqualTo("test-pan-v2");
        assertThat(new PanLookup(keys).tokensOf("4111111111111111"))
                .extracting(PanLookup.PanToken::keyId, PanLookup.PanToken::token)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("test-pan-v2", keys.newestPanTokenizer().token("4111111111111111")),
                        org.assertj.core.groups.Tuple.tuple("test-pan-v1", before));
    }

    @Test
    void aKeyPastItsCryptoperiodIsRotatedAtTheNextRefreshWhenAutoRotateIsOn() {
        InMemoryKeys provider = new InMemoryKeys();
        Clock later = Clock.fixed(START.plus(Duration.ofDays(366)), ZoneOffset.UTC);
        provider.now = later.instant();

        HubKeys keys = new HubKeys(provider, Duration.ofDays(365), true, Duration.ZERO, later);

        assertThat(keys.ring().newest(KeyPurpose.PAN).id()).isEqualTo("test-pan-v2");
        assertThat(keys.ring().newest(KeyPurpose.PAYLOAD).id()).isEqualTo("test-payload-v2");
        assertThat(keys.refresh().newest(KeyPurpose.PAN).id()).isEqualTo("test-pan-v2"); // the new one is not overdue
    }

    @Test
    void withoutAutoRotateAnOverdueKeyStaysAndIsReported() {
        HubKeys keys = new HubKeys(new InMemoryKeys(), Duration.ofDays(365), false, Duration.ZERO,
                Clock.fixed(START.plus(Duration.ofDays(400)), ZoneOffset.UTC));

        assertThat(keys.ring().newest(KeyPurpose.PAN).id()).isEqualTo("test-pan-v1");
        assertThat(keys.cryptoperiodEnd(keys.ring().newest(KeyPurpose.PAN))).isEqualTo(START.plus(Duration.ofDays(365)));
    }

    @Test
    void theNewestKeysAgeAndTheCryptoperiodAreServedForTheAlertToCompare() {
        InMemoryKeys provider = new InMemoryKeys();
        HubKeys keys = new HubKeys(provider, Duration.ofDays(365), false, Duration.ZERO,
                Clock.fixed(START.plus(Duration.ofDays(400)), ZoneOffset.UTC));
        provider.now = START.plus(Duration.ofDays(390));
        keys.rotate(KeyPurpose.PAYLOAD);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new HubKeysConfiguration().keyMeters(keys).bindTo(registry);

        assertThat(keys.newestKeyAge(KeyPurpose.PAN)).isEqualTo(Duration.ofDays(400));
        assertThat(age(registry, "pan")).isEqualTo(Duration.ofDays(400).toSeconds());
        assertThat(age(registry, "payload")).as("the rotated one").isEqualTo(Duration.ofDays(10).toSeconds());
        assertThat(keys.newestKeyAge(KeyPurpose.FORWARD)).as("none held").isNull();
        assertThat(age(registry, "forward")).isNaN();
        assertThat(registry.get(HubMeters.KEY_CRYPTOPERIOD).gauge().value()).isEqualTo(Duration.ofDays(365).toSeconds());
    }

    private static double age(SimpleMeterRegistry registry, String purpose) {
        return registry.get(HubMeters.KEY_AGE).tag("purpose", purpose).gauge().value();
    }

    @Test
    void theNewestKeyCannotBeDestroyedAndAnOlderOneCan() {
        HubKeys keys = new HubKeys(new InMemoryKeys(), Duration.ofDays(365), false, Duration.ZERO, Clock.systemUTC());
        keys.rotate(KeyPurpose.PAYLOAD);
        String sealedBefore = new io.paymenthub.carddata.PayloadSealer(keys.ring().materials(KeyPurpose.PAYLOAD).get(1)).seal(new byte[] {1});

        assertThat(keys.payloadSealer().open(sealedBefore)).containsExactly(1);
        assertThatThrownBy(() -> keys.destroy("test-payload-v2")).hasMessageContaining("newest");

        keys.destroy("test-payload-v1");
        assertThat(keys.ring().keys(KeyPurpose.PAYLOAD)).extracting(ManagedKey::id).containsExactly("test-payload-v2");
        assertThatThrownBy(() -> keys.payloadSealer().open(sealedBefore)).hasMessageContaining("not held");
    }

    @Test
    void anAuditKeyIsNeverDestroyedSoEveryAuditRowStaysVerifiable() {
        HubKeys keys = new HubKeys(new InMemoryKeys(), Duration.ofDays(365), false, Duration.ZERO, Clock.systemUTC());
        keys.rotate(KeyPurpose.AUDIT);

        assertThat(keys.ring().keys(KeyPurpose.AUDIT)).extracting(ManagedKey::id).containsExactly("test-audit-v2", "test-audit-v1");
        assertThat(keys.ring().auditKey("test-audit-v1")).isPresent();
        assertThatThrownBy(() -> keys.destroy("test-audit-v1")).hasMessageContaining("must stay verifiable");
    }

    @Test
    void panLookupRefusesWhatIsNotAPanWithoutRepeatingIt() {
        PanLookup lookup = new PanLookup(new HubKeys(new InMemoryKeys(), Duration.ofDays(365), false, Duration.ZERO, Clock.systemUTC()));

        assertThatThrownBy(() -> lookup.tokensOf("4111-1111-1111-1111")).hasMessage("pan: 12 to 19 digits expected");
    }
}
