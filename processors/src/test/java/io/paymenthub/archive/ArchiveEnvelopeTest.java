package io.paymenthub.archive;

import io.paymenthub.archive.ArchiveEnvelope.Entry;
import io.paymenthub.archive.ArchiveEnvelope.Sealed;
import io.paymenthub.archive.ArchiveEnvelope.Slice;
import io.paymenthub.carddata.KeyMaterial;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveEnvelopeTest {

    private static KeyMaterial key(String id, int fill) {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) fill);
        return new KeyMaterial(id, secret);
    }

    private static byte[] slice(Sealed sealed, int i) {
        Slice slice = sealed.slices().get(i);
        return Arrays.copyOfRange(sealed.body(), slice.offset(), slice.offset() + slice.length());
    }

    @Test
    void eachMessageOfAnObjectOpensAloneWithTheRightKeyAndId() {
        ArchiveEnvelope envelope = new ArchiveEnvelope(key("kek-1", 1));
        Sealed sealed = envelope.seal(List.of(new Entry("m-1", "0200 first".getBytes()), new Entry("m-2", "0200 second".getBytes())));

        assertThat(new String(sealed.body())).doesNotContain("first", "second");
        assertThat(envelope.open("m-2", slice(sealed, 1), sealed.metadata())).isEqualTo("0200 second".getBytes());
        assertThat(envelope.open("m-1", slice(sealed, 0), sealed.metadata())).isEqualTo("0200 first".getBytes());
        assertThatThrownBy(() -> envelope.open("m-2", slice(sealed, 0), sealed.metadata())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveEnvelope(key("kek-2", 2)).open("m-1", slice(sealed, 0), sealed.metadata()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArchiveEnvelope(key("kek-1", 3)).open("m-1", slice(sealed, 0), sealed.metadata()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void olderKeyVersionsStillOpenAndEveryObjectHasItsOwnDataKey() {
        Sealed old = new ArchiveEnvelope(key("kek-1", 1)).seal(List.of(new Entry("m", "same".getBytes())));
        ArchiveEnvelope rotated = new ArchiveEnvelope(List.of(key("kek-2", 2), key("kek-1", 1)));

        assertThat(rotated.open("m", slice(old, 0), old.metadata())).isEqualTo("same".getBytes());
        assertThat(rotated.seal(List.of(new Entry("m", "same".getBytes()))).metadata())
                .containsEntry(ArchiveEnvelope.KEK_ID, "kek-2")
                .doesNotContainEntry(ArchiveEnvelope.WRAPPED_KEY, old.metadata().get(ArchiveEnvelope.WRAPPED_KEY));
    }
}
