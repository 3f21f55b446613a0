package io.paymenthub.hub.keys;

import io.paymenthub.carddata.KeyMaterial;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One version of a key as a provider holds it. {@link #check()} is a key check value: it tells two copies of a key
 * apart or matches them without revealing the key (first 3 bytes of an HMAC of a fixed text).
 *
 * @param createdAt when the key was generated; null when the provider cannot tell (keys fed from a secret)
 */
public record ManagedKey(String id, KeyPurpose purpose, int version, Instant createdAt, KeyMaterial material) {

    public String check() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(material.secret(), "HmacSHA256"));
            byte[] value = mac.doFinal("payment-hub key check".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(value, 0, 3);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ManagedKey[id=" + id + ", purpose=" + purpose + ", createdAt=" + createdAt + ", secret=redacted]";
    }
}
