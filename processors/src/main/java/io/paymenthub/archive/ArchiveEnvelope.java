package io.paymenthub.archive;

import io.paymenthub.carddata.KeyMaterial;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Envelope encryption of archive objects: a fresh 256-bit data key per object, wrapped by the key-encryption key
 * (AES-GCM) and kept as the object's metadata; the data key itself is never stored. An object holds a batch of
 * messages, each sealed on its own — {@code IV (12 bytes) || AES-GCM ciphertext}, the message id as authenticated
 * data — so one message is opened without reading, or decrypting, the others.
 */
public final class ArchiveEnvelope {

    public static final String KEK_ID = "hub-kek-id";
    public static final String WRAPPED_KEY = "hub-wrapped-key";

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

    /** One message to archive. */
    public record Entry(String messageId, byte[] message) {
    }

    /** Where a message's sealed record lies in its object. */
    public record Slice(String messageId, int offset, int length) {
    }

    /** An object's body, its metadata (key id, wrapped data key) and where each message lies in it. */
    public record Sealed(byte[] body, Map<String, String> metadata, List<Slice> slices) {
    }

    public Sealed seal(List<Entry> entries) {
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<Slice> slices = new ArrayList<>(entries.size());
            // one cipher for the object: looking one up per message cost more than encrypting it
            Cipher cipher = newGcm();
            SecretKeySpec objectKey = new SecretKeySpec(dataKey, "AES");
            for (Entry entry : entries) {
                byte[] record = sealRecord(cipher, objectKey, entry.messageId(), entry.message());
                slices.add(new Slice(entry.messageId(), body.size(), record.length));
                body.writeBytes(record);
            }
            byte[] wrapped = sealRecord(cipher, new SecretKeySpec(keyEncryptionKey.secret(), "AES"), keyEncryptionKey.id(), dataKey);
            return new Sealed(body.toByteArray(), Map.of(KEK_ID, keyEncryptionKey.id(),
                    WRAPPED_KEY, Base64.getEncoder().encodeToString(wrapped)), slices);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Opens one message's record (its slice of the object) with the object's metadata. */
    public byte[] open(String messageId, byte[] record, Map<String, String> metadata) {
        KeyMaterial kek = openingKeys.get(metadata.get(KEK_ID));
        if (kek == null) {
            throw new IllegalArgumentException("archived under key '" + metadata.get(KEK_ID) + "', which is not held");
        }
        byte[] dataKey = openRecord(kek.secret(), kek.id(), Base64.getDecoder().decode(metadata.get(WRAPPED_KEY)));
        try {
            return openRecord(dataKey, messageId, record);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** {@code IV || ciphertext}, written in place; a fresh random IV for every record, as GCM requires. */
    private byte[] sealRecord(Cipher cipher, SecretKeySpec key, String associated, byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            byte[] record = Arrays.copyOf(iv, IV_BYTES + cipher.getOutputSize(plain.length));
            int written = cipher.doFinal(plain, 0, plain.length, record, IV_BYTES);
            return written == record.length - IV_BYTES ? record : Arrays.copyOf(record, IV_BYTES + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("archive envelope cannot be sealed", e);
        }
    }

    private static byte[] openRecord(byte[] key, String associated, byte[] record) {
        try {
            Cipher cipher = newGcm();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, record, 0, IV_BYTES));
            cipher.updateAAD(associated.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(record, IV_BYTES, record.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("archive envelope does not open", e);
        }
    }

    private static Cipher newGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
