package io.paymenthub.carddata;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encrypts a message that must be kept but not read (dead letters, quarantine) with AES-256-GCM.
 * Sealed form: {@code <key id>:<base64(12-byte IV || ciphertext+tag)>}; the key id is authenticated data.
 * Seals with the newest key; opens with whichever held key the sealed form names, so keys can rotate.
 */
public final class PayloadSealer {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyMaterial key;
    private final SecretKeySpec spec;
    private final Map<String, SecretKeySpec> readable = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public PayloadSealer(KeyMaterial key) {
        this(List.of(key));
    }

    /** @param newestFirst the key versions held: the first seals, every one opens what it sealed */
    public PayloadSealer(List<KeyMaterial> newestFirst) {
        this.key = newestFirst.get(0);
        this.spec = new SecretKeySpec(key.secret(), "AES");
        for (KeyMaterial version : newestFirst) {
            readable.putIfAbsent(version.id(), new SecretKeySpec(version.secret(), "AES"));
        }
    }

    public String keyId() {
        return key.id();
    }

    public String seal(byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(key.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return key.id() + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] open(String sealed) {
        int colon = sealed.indexOf(':');
        String keyId = sealed.substring(0, colon);
        SecretKeySpec opening = readable.get(keyId);
        if (opening == null) {
            throw new IllegalArgumentException("sealed with key '" + keyId + "', which is not held (held: " + readable.keySet() + ")");
        }
        byte[] packed = Base64.getDecoder().decode(sealed.substring(colon + 1));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, opening, new GCMParameterSpec(TAG_BITS, packed, 0, IV_BYTES));
            cipher.updateAAD(keyId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return cipher.doFinal(packed, IV_BYTES, packed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sealed payload does not open with key '" + keyId + "'", e);
        }
    }
}
