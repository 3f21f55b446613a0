package io.paymenthub.carddata;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PanTokenizerTest {

    static KeyMaterial key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new KeyMaterial(id, secret);
    }

    @Test
    void sameKeySamePanSameToken() {
        PanTokenizer tokenizer = new PanTokenizer(key("k1", 1));

        assertThat(tokenizer.token("4111111111111111")).isEqualTo(tokenizer.token("4111111111111111"))
                .hasSize(64).doesNotContain("4111111111111111");
        assertThat(tokenizer.token("4111111111111111")).isNotEqualTo(tokenizer.token("5555555555554444"));
    }

    @Test
    void anotherKeyGivesAnotherToken() {
        assertThat(new PanTokenizer(key("k1", 1)).token("4111111111111111"))
                .isNotEqualTo(new PanTokenizer(key("k2", 2)).token("4111111111111111"));
    }

    @Test
    void refusesShortKeysAndNeverPrintsOne() {
        assertThatThrownBy(() -> new KeyMaterial("weak", new byte[8])).isInstanceOf(IllegalArgumentException.class);
        assertThat(key("k1", 7).toString()).isEqualTo("KeyMaterial[id=k1, secret=redacted]");
    }

    @Test
    void sealedPayloadsOpenOnlyWithTheirKey() {
        PayloadSealer sealer = new PayloadSealer(key("dlq-1", 3));
        String sealed = sealer.seal("hello".getBytes());

        assertThat(sealed).startsWith("dlq-1:").doesNotContain("hello");
        assertThat(sealer.open(sealed)).isEqualTo("hello".getBytes());
        assertThatThrownBy(() -> new PayloadSealer(key("dlq-1", 4)).open(sealed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRotatedSealerSealsWithTheNewestKeyAndStillOpensWhatOlderKeysSealed() {
        String old = new PayloadSealer(key("payload-v1", 3)).seal("old".getBytes());
        PayloadSealer rotated = new PayloadSealer(java.util.List.of(key("payload-v2", 5), key("payload-v1", 3)));

        assertThat(rotated.seal("new".getBytes())).startsWith("payload-v2:");
        assertThat(rotated.open(old)).isEqualTo("old".getBytes());
        assertThatThrownBy(() -> new PayloadSealer(key("payload-v2", 5)).open(old))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not held");
    }
}
