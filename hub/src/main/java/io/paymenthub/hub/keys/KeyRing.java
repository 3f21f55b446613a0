package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.carddata.PanTokenizer;
import io.paymenthub.carddata.PayloadSealer;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key versions held at one moment, newest first per purpose: the newest PAN key makes new tokens and every
 * PAN key looks up; the newest payload key seals and every payload key opens. Immutable: a refresh makes a new ring.
 */
public final class KeyRing {

    private final List<ManagedKey> panKeys;
    private final List<ManagedKey> payloadKeys;
    private final Map<String, PanTokenizer> tokenizers = new LinkedHashMap<>();
    private final PayloadSealer sealer;

    KeyRing(Collection<ManagedKey> keys) {
        this.panKeys = newestFirst(keys, KeyPurpose.PAN);
        this.payloadKeys = newestFirst(keys, KeyPurpose.PAYLOAD);
        panKeys.forEach(key -> tokenizers.put(key.id(), new PanTokenizer(key.material())));
        this.sealer = new PayloadSealer(materials(KeyPurpose.PAYLOAD));
    }

    private static List<ManagedKey> newestFirst(Collection<ManagedKey> keys, KeyPurpose purpose) {
        List<ManagedKey> versions = keys.stream().filter(k -> k.purpose() == purpose)
                .sorted(Comparator.comparingInt(ManagedKey::version).reversed()).toList();
        if (versions.isEmpty()) {
            throw new IllegalStateException("no " + purpose.label() + " key held");
        }
        return versions;
    }

    /** The tokenizer of the newest PAN key: the only one that makes new tokens. */
    public PanTokenizer newestPanTokenizer() {
        return tokenizers.values().iterator().next();
    }

    /** One tokenizer per held PAN key, newest first: a PAN's tokens under every version, for lookups. */
    public Collection<PanTokenizer> panTokenizers() {
        return tokenizers.values();
    }

    PanTokenizer panTokenizer(String keyId) {
        return tokenizers.get(keyId);
    }

    public PayloadSealer payloadSealer() {
        return sealer;
    }

    public List<ManagedKey> keys(KeyPurpose purpose) {
        return purpose == KeyPurpose.PAN ? panKeys : payloadKeys;
    }

    public ManagedKey newest(KeyPurpose purpose) {
        return keys(purpose).get(0);
    }

    List<KeyMaterial> materials(KeyPurpose purpose) {
        return keys(purpose).stream().map(ManagedKey::material).toList();
    }
}
