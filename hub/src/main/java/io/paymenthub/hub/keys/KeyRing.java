package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.carddata.PanTokenizer;
import io.paymenthub.carddata.PayloadSealer;
import io.paymenthub.forwarding.EnvelopeOpener;
import io.paymenthub.forwarding.SealPublicKey;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key versions held at one moment, newest first per purpose: the newest PAN key makes new tokens and every
 * PAN key looks up; the newest payload key seals and every payload key opens; every forwarding key opens what other
 * regions sealed for this one, and the newest one's public half is what they are given; the newest audit key chains
 * new audit rows and every audit key verifies the rows hashed under it. Immutable: a refresh makes a
 * new ring.
 */
public final class KeyRing {

    private final List<ManagedKey> panKeys;
    private final List<ManagedKey> payloadKeys;
    private final List<ManagedKey> forwardKeys;
    private final List<ManagedKey> auditKeys;
    private final Map<String, PanTokenizer> tokenizers = new LinkedHashMap<>();
    private final PayloadSealer sealer;
    private volatile EnvelopeOpener opener;

    KeyRing(Collection<ManagedKey> keys) {
        this.panKeys = newestFirst(keys, KeyPurpose.PAN);
        this.payloadKeys = newestFirst(keys, KeyPurpose.PAYLOAD);
        this.forwardKeys = newestFirst(keys, KeyPurpose.FORWARD);
        this.auditKeys = newestFirst(keys, KeyPurpose.AUDIT);
        panKeys.forEach(key -> tokenizers.put(key.id(), new PanTokenizer(key.material())));
        this.sealer = new PayloadSealer(materials(KeyPurpose.PAYLOAD));
    }

    private static List<ManagedKey> newestFirst(Collection<ManagedKey> keys, KeyPurpose purpose) {
        List<ManagedKey> versions = keys.stream().filter(k -> k.purpose() == purpose)
                .sorted(Comparator.comparingInt(ManagedKey::version).reversed()).toList();
        if (versions.isEmpty() && purpose.required()) {
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

    /** Opens what other regions sealed for {@code region} (this hub's), with every held forwarding key. */
    public EnvelopeOpener envelopeOpener(String region) {
        EnvelopeOpener held = opener;
        if (held == null) {
            held = new EnvelopeOpener(region, materials(KeyPurpose.FORWARD));
            opener = held;
        }
        return held;
    }

    /** The public half of the newest forwarding key, which other regions seal with; empty when none is held. */
    public java.util.Optional<SealPublicKey> forwardPublicKey() {
        return forwardKeys.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(SealPublicKey.of(forwardKeys.get(0).material()));
    }

    /** Newest first; empty only for an optional purpose (forward) the provider holds no key of. */
    public List<ManagedKey> keys(KeyPurpose purpose) {
        return switch (purpose) {
            case PAN -> panKeys;
            case PAYLOAD -> payloadKeys;
            case FORWARD -> forwardKeys;
            case AUDIT -> auditKeys;
        };
    }

    /** A held audit key by id: every version verifies the rows hashed under it; empty when not held. */
    public java.util.Optional<ManagedKey> auditKey(String keyId) {
        return auditKeys.stream().filter(key -> key.id().equals(keyId)).findFirst();
    }

    /** @throws java.util.NoSuchElementException for an optional purpose without keys */
    public ManagedKey newest(KeyPurpose purpose) {
        return keys(purpose).stream().findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no " + purpose.label() + " key held"));
    }

    List<KeyMaterial> materials(KeyPurpose purpose) {
        return keys(purpose).stream().map(ManagedKey::material).toList();
    }
}
