package io.paymenthub.forwarding;

import io.paymenthub.carddata.KeyMaterial;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A home region's public forwarding key as a sending region is given it: {@code <key id>:<base64 of the 32-byte
 * X25519 public key>}, e.g. {@code local-forward-v1:3q2+7w...=}. Not a secret: it can seal, never open.
 */
public record SealPublicKey(String keyId, byte[] key) {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public SealPublicKey {
        Objects.requireNonNull(keyId, "keyId");
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id '" + keyId + "' is not a key id (letters, digits, . _ -)");
        }
        if (key == null || key.length != Hpke.KEY_BYTES) {
            throw new IllegalArgumentException("public key " + keyId + " must be " + Hpke.KEY_BYTES + " bytes (X25519)");
        }
        key = key.clone();
    }

    /** Reads {@code <key id>:<base64>}. */
    public static SealPublicKey parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected <key id>:<base64 X25519 public key>");
        }
        try {
            return new SealPublicKey(text.substring(0, colon).trim(), Base64.getDecoder().decode(text.substring(colon + 1).trim()));
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("public key " + text.substring(0, colon).trim() + ": " + notBase64.getMessage());
        }
    }

    /** The public half of a held private forwarding key, for export to the regions that forward here. */
    public static SealPublicKey of(KeyMaterial privateKey) {
        return new SealPublicKey(privateKey.id(), Hpke.publicKeyOf(privateKey));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The form {@link #parse(String)} reads. */
    public String text() {
        return keyId + ":" + Base64.getEncoder().encodeToString(key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealPublicKey that && keyId.equals(that.keyId) && Arrays.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return text();
    }
}
