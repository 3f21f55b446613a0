package io.paymenthub.hub.inventory;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.config.TransportSecurityCheck;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.KeyRing;
import io.paymenthub.hub.keys.ManagedKey;
import org.springframework.core.env.Environment;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.net.ssl.SSLContext;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cryptography in force (PCI DSS 12.3.3): every key purpose with its algorithm, size, JCA provider and held
 * versions with their ages (never a key, only its check value), the fixed algorithms the hub uses, and the TLS
 * setting of every hop. Read from the running hub, so it is what is true now, not what a document says.
 */
final class CryptoInventory {

    private final HubKeys keys;
    private final HubProperties properties;
    private final Environment environment;
    private final Clock clock;

    CryptoInventory(HubKeys keys, HubProperties properties, Environment environment, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.environment = environment;
        this.clock = clock;
    }

    Map<String, Object> inventory() {
        Instant now = clock.instant();
        Map<String, Object> inventory = new LinkedHashMap<>();
        inventory.put("region", properties.region());
        inventory.put("at", now);
        inventory.put("key_provider", keyProvider());
        inventory.put("keys", keys(now));
        inventory.put("algorithms", algorithms());
        inventory.put("tls", TransportSecurityCheck.hops(environment).stream().map(hop -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("hop", hop.name());
            entry.put("setting", hop.setting());
            entry.put("value", hop.value());
            entry.put("encrypted", hop.encrypted());
            entry.put("verified", hop.verified());
            return entry;
        }).toList());
        inventory.put("jvm", jvm());
        return inventory;
    }

    private Map<String, Object> keyProvider() {
        HubProperties.Masking masking = properties.masking();
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("name", keys.providerName());
        provider.put("where", switch (masking.keyProvider()) {
            case LOCAL -> "PKCS#12 keystore " + masking.keystore().path();
            case KMS -> "AWS KMS key " + masking.kms().keyId() + " wrapping data keys kept in hub_data_key";
            case SECRET -> "one key per purpose from the environment (HUB_MASKING_*_KEY)";
        });
        provider.put("cryptoperiod_days", keys.cryptoperiod().toDays());
        provider.put("auto_rotate", masking.autoRotate());
        return provider;
    }

    private List<Map<String, Object>> keys(Instant now) {
        KeyRing ring = keys.ring();
        List<Map<String, Object>> purposes = new ArrayList<>();
        for (KeyPurpose purpose : KeyPurpose.values()) {
            List<ManagedKey> held = ring.keys(purpose);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("purpose", purpose.label());
            entry.put("algorithm", purpose.algorithm());
            entry.put("key_bits", held.isEmpty() ? null : held.get(0).material().secret().length * 8);
            entry.put("jca_provider", jcaProvider(purpose));
            List<Map<String, Object>> versions = new ArrayList<>();
            String newest = held.isEmpty() ? null : ring.newest(purpose).id();
            for (ManagedKey key : held) {
                Map<String, Object> version = new LinkedHashMap<>();
                version.put("id", key.id());
                version.put("version", key.version());
                version.put("use", purpose.use(key.id().equals(newest)));
                version.put("created_at", key.createdAt());
                version.put("age_days", key.createdAt() == null ? null : Duration.between(key.createdAt(), now).toDays());
                version.put("cryptoperiod_ends", keys.cryptoperiodEnd(key));
                version.put("past_cryptoperiod", key.id().equals(newest) && keys.pastCryptoperiod(key));
                version.put("check", key.check());
                versions.add(version);
            }
            entry.put("versions", versions);
            purposes.add(entry);
        }
        return purposes;
    }

    /** The JCA provider the hub's code gets for this purpose's primitive on this JVM. */
    private static String jcaProvider(KeyPurpose purpose) {
        try {
            return switch (purpose) {
                case PAN, AUDIT -> Mac.getInstance("HmacSHA256").getProvider().getName();
                case PAYLOAD -> Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName();
                case FORWARD -> KeyAgreement.getInstance("X25519").getProvider().getName();
            };
        } catch (GeneralSecurityException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static List<Map<String, String>> algorithms() {
        return List.of(
                algorithm("pan_token", "HMAC-SHA-256 of the whole PAN under the pan key; pan_masked keeps first six and last four"),
                algorithm("dead letters, quarantine", "AES-256-GCM under the payload key, the key id authenticated"),
                algorithm("archive objects", "AES-256-GCM with a fresh data key per object, wrapped by the payload key (AES-GCM)"),
                algorithm("forwarding to another region", "HPKE: X25519, HKDF-SHA256, AES-256-GCM, to the home region's public key"),
                algorithm("audit chain", "HMAC-SHA-256 under the audit key over the previous hash and the row"),
                algorithm("local users' passwords", "bcrypt"),
                algorithm("OIDC access tokens", "JWS signatures checked against the issuer's JWKS; audience and MFA required"));
    }

    private static Map<String, String> algorithm(String use, String algorithm) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("use", use);
        entry.put("algorithm", algorithm);
        return entry;
    }

    private static Map<String, Object> jvm() {
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("java", System.getProperty("java.version"));
        try {
            jvm.put("tls_protocols", List.of(SSLContext.getDefault().getDefaultSSLParameters().getProtocols()));
        } catch (GeneralSecurityException e) {
            jvm.put("tls_protocols", "unavailable: " + e.getMessage());
        }
        return jvm;
    }
}
