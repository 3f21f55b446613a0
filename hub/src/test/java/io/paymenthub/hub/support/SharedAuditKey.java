package io.paymenthub.hub.support;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The first audit key of the shared test keystore, for a hub on the shared datastore that takes its keys from the
 * environment: every hub appending to one audit chain must chain with a key the others hold, or the chain they share
 * no longer verifies (as in production). Creates the keystore with that key when no hub has made it yet.
 */
public final class SharedAuditKey {

    public static final String ID = "local-audit-v1";
    private static final Path KEYSTORE = Path.of("hub/target/test-keys.p12");
    private static final char[] PASSWORD = "local-keystore-password".toCharArray();

    private SharedAuditKey() {
    }

    /** The key, base64, as {@code HUB_MASKING_AUDIT_KEY} takes it. */
    public static synchronized String base64() {
        try {
            return read();
        } catch (Exception e) {
            throw new IllegalStateException("shared test keystore " + KEYSTORE + " unreadable", e);
        }
    }

    private static String read() throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        if (Files.exists(KEYSTORE)) {
            try (InputStream in = Files.newInputStream(KEYSTORE)) {
                keystore.load(in, PASSWORD);
            }
        } else {
            keystore.load(null, PASSWORD);
        }
        if (!keystore.containsAlias(ID)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            keystore.setEntry(ID, new KeyStore.SecretKeyEntry(new SecretKeySpec(secret, "HmacSHA256")),
                    new KeyStore.PasswordProtection(PASSWORD, "PBEWithHmacSHA256AndAES_256", null));
            Files.createDirectories(KEYSTORE.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(KEYSTORE)) {
                keystore.store(out, PASSWORD);
            }
        }
        SecretKey key = (SecretKey) keystore.getKey(ID, PASSWORD);
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
