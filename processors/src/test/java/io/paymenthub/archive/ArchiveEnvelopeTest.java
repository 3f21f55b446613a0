package io.paymenthub.archive;

import io.paymenthub.carddata.KeyMaterial;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveEnvelopeTest {

    private static KeyMaterial key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new KeyMaterial(id, secret);
    }

    @Test
    void opensWithTheRightKeyAndMessageIdOnly() {
        ArchiveEnvelope envelope = new ArchiveEnvelope(key("kek-1", 1));
        ArchiveEnvelope.Sealed sealed = envelope.seal("m-1", "0200 wiped message".getBytes());

        assertThat(new String(sealed.body())).doesNotContain("wiped");
        assertThat(envelope.open("m-1", sealed.body(), sealed.metadata())).isEqualTo("0200 wiped message".getBytes());
        assertThatThrownBy(() -> envelope.open("m-2", sealed.body(), sealed.metadata())).isInstanceOf(IllegalArgumentException.class);
        Map<String, String> otherKeyId = new HashMap<>(sealed.metadata());
        assertThatThrownBy(() -> new ArchiveEnvelope(key("kek-2", 2)).open("m-1", sealed.body(), otherKeyId))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveEnvelope(key("kek-1", 3)).open("m-1", sealed.body(), sealed.metadata()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyObjectHasItsOwnDataKey() {
        ArchiveEnvelope envelope = new ArchiveEnvelope(key("kek-1", 1));

        assertThat(envelope.seal("m", "same".getBytes()).metadata().get(ArchiveEnvelope.WRAPPED_KEY))
                .isNotEqualTo(envelope.seal("m", "same".getBytes()).metadata().get(ArchiveEnvelope.WRAPPED_KEY));
    }
}
