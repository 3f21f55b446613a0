package io.paymenthub.archive;

import io.paymenthub.carddata.KeyMaterial;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Envelope encryption of one archived message: a fresh 256-bit data key per object encrypts the message with
 * AES-GCM (the message id is authenticated data), and the key-encryption key wraps the data key (AES-GCM too).
 * The wrapped key travels with the object as metadata; the data key itself is never stored.
 */
public final class ArchiveEnvelope {

    public static final String KEK_ID = "hub-kek-id";
    public static final String WRAPPED_KEY = "hub-wrapped-key";
    public static final String IV = "hub-iv";

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyMaterial keyEncryptionKey;
    private final Map<String, KeyMaterial> openingKeys;
    private final SecureRandom random = new SecureRandom();

    public ArchiveEnvelope(KeyMaterial keyEncryptionKey) {
        this(List.of(keyEncryptionKey));
    }

    /** Seals with the first (newest) key; opens with whichever key version an object names. */
    public ArchiveEnvelope(List<KeyMaterial> newestFirst) {
        this.keyEncryptionKey = newestFirst.get(0);
        this.openingKeys = newestFirst.stream().collect(Collectors.toUnmodifiableMap(KeyMaterial::id, key -> key));
    }

    /** An object's body (ciphertext) and metadata (key id, wrapped data key, IV). */
    public record Sealed(byte[] body, Map<String, String> metadata) {
    }

    public Sealed seal(String messageId, byte[] message) {
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] body = gcm(Cipher.ENCRYPT_MODE, dataKey, iv, messageId, message);
        byte[] wrapIv = new byte[IV_BYTES];
        random.nextBytes(wrapIv);
        byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keyEncryptionKey.secret(), wrapIv, keyEncryptionKey.id(), dataKey);
        java.util.Arrays.fill(dataKey, (byte) 0);
        Base64.Encoder base64 = Base64.getEncoder();
        return new Sealed(body, Map.of(KEK_ID, keyEncryptionKey.id(),
                WRAPPED_KEY, base64.encodeToString(wrapIv) + "." + base64.encodeToString(wrapped),
                IV, base64.encodeToString(iv)));
    }

    public byte[] open(String messageId, byte[] body, Map<String, String> metadata) {
        KeyMaterial kek = openingKeys.get(metadata.get(KEK_ID));
        if (kek == null) {
            throw new IllegalArgumentException("archived under key '" + metadata.get(KEK_ID) + "', which is not held");
        }
        Base64.Decoder base64 = Base64.getDecoder();
        String[] wrapped = metadata.get(WRAPPED_KEY).split("\\.");
        byte[] dataKey = gcm(Cipher.DECRYPT_MODE, kek.secret(), base64.decode(wrapped[0]), kek.id(), base64.decode(wrapped[1]));
        try {
            return gcm(Cipher.DECRYPT_MODE, dataKey, base64.decode(metadata.get(IV)), messageId, body);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] gcm(int mode, byte[] key, byte[] iv, String associated, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("archive envelope does not open", e);
        }
    }
}
