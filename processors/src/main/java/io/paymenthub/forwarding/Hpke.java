package io.paymenthub.forwarding;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.subtle.X25519;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.paymenthub.carddata.KeyMaterial;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;

/**
 * HPKE (RFC 9180) base mode through Tink: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. A private key is
 * its 32 random bytes (any 32 bytes are an X25519 key), so every key provider can hold one as it holds the others.
 */
final class Hpke {

    static final String ALGORITHM = "HPKE-X25519-HKDF-SHA256-AES-256-GCM";
    static final int KEY_BYTES = 32;

    private static final HpkeParameters PARAMETERS;

    static {
        try {
            HybridConfig.register();
            PARAMETERS = HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Hpke() {
    }

    static byte[] publicKeyOf(KeyMaterial privateKey) {
        byte[] secret = privateKey.secret();
        try {
            requireLength(privateKey.id(), secret);
            return X25519.publicFromPrivate(secret);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("key '" + privateKey.id() + "' is not an X25519 private key", e);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    static HybridEncrypt encrypter(byte[] publicKey) throws GeneralSecurityException {
        HpkePublicKey key = HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(publicKey), null);
        return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary()).build()
                .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    }

    static HybridDecrypt decrypter(KeyMaterial privateKey) throws GeneralSecurityException {
        byte[] secret = privateKey.secret();
        try {
            requireLength(privateKey.id(), secret);
            HpkePublicKey publicKey = HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(X25519.publicFromPrivate(secret)), null);
            HpkePrivateKey key = HpkePrivateKey.create(publicKey, SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()));
            return KeysetHandle.newBuilder().addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary()).build()
                    .getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    private static void requireLength(String keyId, byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("key '" + keyId + "' must be " + KEY_BYTES + " bytes (X25519)");
        }
    }
}
