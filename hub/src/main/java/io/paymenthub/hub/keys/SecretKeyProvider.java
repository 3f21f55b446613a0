package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code hub.masking.key-provider: secret}: one key per purpose from the environment ({@code HUB_MASKING_PAN_KEY[_ID]},
 * {@code HUB_MASKING_PAYLOAD_KEY[_ID]}, {@code HUB_MASKING_AUDIT_KEY[_ID]}, optionally {@code HUB_MASKING_FORWARD_KEY[_ID]}: 32 random bytes, base64), e.g.
 * a Kubernetes secret. It holds a single version, so it cannot rotate by itself: to keep older versions for lookups,
 * mount a keystore ({@code local}) or use {@code kms}.
 */
final class SecretKeyProvider implements KeyProvider {

    static final String NAME = "secret";

    private final List<ManagedKey> keys;

    SecretKeyProvider(String panKeyId, String panKey, String payloadKeyId, String payloadKey,
                      String auditKeyId, String auditKey) {
        this(panKeyId, panKey, payloadKeyId, payloadKey, auditKeyId, auditKey, null, null);
    }

    /** The forwarding key is optional: without it the hub opens no envelope sealed for its region. */
    SecretKeyProvider(String panKeyId, String panKey, String payloadKeyId, String payloadKey,
                      String auditKeyId, String auditKey, String forwardKeyId, String forwardKey) {
        List<ManagedKey> held = new ArrayList<>(List.of(
                fromSecret(KeyPurpose.PAN, "hub.masking.pan-key", panKeyId, panKey),
                fromSecret(KeyPurpose.PAYLOAD, "hub.masking.payload-key", payloadKeyId, payloadKey),
                fromSecret(KeyPurpose.AUDIT, "hub.masking.audit-key", auditKeyId, auditKey)));
        if (forwardKey != null && !forwardKey.isBlank()) {
            held.add(fromSecret(KeyPurpose.FORWARD, "hub.masking.forward-key", forwardKeyId, forwardKey));
        }
        this.keys = List.copyOf(held);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ManagedKey> load() {
        return keys;
    }

    @Override
    public ManagedKey create(KeyPurpose purpose) {
        throw new UnsupportedOperationException("the secret key provider cannot generate keys: update the secret and refresh");
    }

    @Override
    public void destroy(String keyId) {
        throw new UnsupportedOperationException("the secret key provider cannot destroy keys: remove them from the secret");
    }

    private static ManagedKey fromSecret(KeyPurpose purpose, String name, String id, String base64) {
        if (id == null || id.isBlank() || base64 == null || base64.isBlank()) {
            throw new IllegalStateException(name + " and its -id must be provided (environment or secret) when hub.masking.key-provider=secret");
        }
        return new ManagedKey(id, purpose, 1, null, new KeyMaterial(id, Base64.getDecoder().decode(base64.trim())));
    }
}
