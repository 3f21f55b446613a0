package io.paymenthub.hub.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.SecretKey;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeystoreKeyProviderTest {

    @TempDir
    Path directory;

    @Test
    void createsAnOwnerOnlyPkcs12KeystoreWithOneRandomKeyPerPurposeAtFirstStart() throws Exception {
        Path file = directory.resolve("keys/keys.p12");

        List<ManagedKey> keys = new KeystoreKeyProvider(file, "pw-from-env", true).load();

        assertThat(keys).extracting(ManagedKey::id).containsExactlyInAnyOrder("local-pan-v1", "local-payload-v1", "local-forward-v1", "local-audit-v1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keystore.load(in, "pw-from-env".toCharArray());
        }
        SecretKey pan = (SecretKey) keystore.getKey("local-pan-v1", "pw-from-env".toCharArray());
        assertThat(pan.getEncoded()).hasSize(32);
        assertThat(pan.getAlgorithm()).isEqualTo("HmacSHA256");
        SecretKey audit = (SecretKey) keystore.getKey("local-audit-v1", "pw-from-env".toCharArray());
        assertThat(audit.getEncoded()).hasSize(32).isNotEqualTo(pan.getEncoded());
        assertThat(audit.getAlgorithm()).isEqualTo("HmacSHA256");
        SecretKey forward = (SecretKey) keystore.getKey("local-forward-v1", "pw-from-env".toCharArray());
        assertThat(forward.getEncoded()).hasSize(32);
        assertThat(new KeyRing(keys).forwardPublicKey()).hasValueSatisfying(key -> assertThat(key.keyId()).isEqualTo("local-forward-v1"));
    }

    @Test
    void aMountedKeystoreWithoutAForwardingKeyStillLoadsButExportsNone() throws Exception {
        Path file = directory.resolve("mounted.p12");
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, "pw".toCharArray());
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection("pw".toCharArray());
        keystore.setEntry("local-pan-v1", new KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256")), protection);
        keystore.setEntry("local-payload-v1", new KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(new byte[32], "AES")), protection);
        keystore.setEntry("local-audit-v1", new KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256")), protection);
        try (var out = Files.newOutputStream(file)) {
            keystore.store(out, "pw".toCharArray());
        }

        KeyRing ring = new KeyRing(new KeystoreKeyProvider(file, "pw", false).load());

        assertThat(ring.keys(KeyPurpose.FORWARD)).isEmpty();
        assertThat(ring.forwardPublicKey()).isEmpty();
        assertThat(ring.newest(KeyPurpose.PAN).id()).isEqualTo("local-pan-v1");
    }

    @Test
    void aMountedKeystoreWithoutAnAuditKeyRefusesStartUpNamingIt() throws Exception {
        Path file = directory.resolve("mounted-without-audit.p12");
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, "pw".toCharArray());
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection("pw".toCharArray());
        keystore.setEntry("local-pan-v1", new KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256")), protection);
        keystore.setEntry("local-payload-v1", new KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(new byte[32], "AES")), protection);
        try (var out = Files.newOutputStream(file)) {
            keystore.store(out, "pw".toCharArray());
        }

        assertThatThrownBy(() -> new KeystoreKeyProvider(file, "pw", false).load()).hasMessageContaining("holds no audit key");
    }

    @Test
    void laterStartsReuseTheKeysAndRotationAddsANewestVersion() {
        Path file = directory.resolve("keys.p12");
        KeystoreKeyProvider provider = new KeystoreKeyProvider(file, "pw", true);
        String firstCheck = new KeyRing(provider.load()).newest(KeyPurpose.PAN).check();

        assertThat(new KeyRing(new KeystoreKeyProvider(file, "pw", false).load()).newest(KeyPurpose.PAN).check()).isEqualTo(firstCheck);

        ManagedKey v2 = provider.create(KeyPurpose.PAN);
        KeyRing ring = new KeyRing(provider.load());
        assertThat(v2.id()).isEqualTo("local-pan-v2");
        assertThat(ring.newest(KeyPurpose.PAN).id()).isEqualTo("local-pan-v2");
        assertThat(ring.keys(KeyPurpose.PAN)).extracting(ManagedKey::id).containsExactly("local-pan-v2", "local-pan-v1");
        assertThat(ring.newest(KeyPurpose.PAN).check()).isNotEqualTo(firstCheck);

        provider.destroy("local-pan-v1");
        assertThat(provider.load()).extracting(ManagedKey::id).containsExactlyInAnyOrder("local-pan-v2", "local-payload-v1", "local-forward-v1", "local-audit-v1");
    }

    @Test
    void refusesAMissingKeystoreWhenItMayNotCreateOneAWrongPasswordAndNoPassword() {
        Path file = directory.resolve("keys.p12");
        assertThatThrownBy(() -> new KeystoreKeyProvider(file, "pw", false).load()).hasMessageContaining("not found");

        new KeystoreKeyProvider(file, "pw", true).load();
        assertThatThrownBy(() -> new KeystoreKeyProvider(file, "wrong", false).load()).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> new KeystoreKeyProvider(file, "", true)).hasMessageContaining("HUB_MASKING_KEYSTORE_PASSWORD");
    }

    @Test
    void aKeyIsNeverPrinted() {
        ManagedKey key = new KeystoreKeyProvider(directory.resolve("keys.p12"), "pw", true).load().get(0);

        assertThat(key.toString()).contains("redacted").doesNotContain(java.util.HexFormat.of().formatHex(key.material().secret()));
        assertThat(key.check()).hasSize(6);
    }
}
