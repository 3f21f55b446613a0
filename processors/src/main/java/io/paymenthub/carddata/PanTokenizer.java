package io.paymenthub.carddata;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * {@code pan_token} = hex(HMAC-SHA-256(key, whole PAN)): equal PANs give equal tokens under one key,
 * and nothing about the PAN can be learnt from a token without the key (PCI DSS 3.5.1.1).
 */
public final class PanTokenizer {

    private static final String ALGORITHM = "HmacSHA256";

    private final String keyId;
    private final ThreadLocal<Mac> mac;

    public PanTokenizer(KeyMaterial key) {
        this.keyId = key.id();
        SecretKeySpec spec = new SecretKeySpec(key.secret(), ALGORITHM);
        this.mac = ThreadLocal.withInitial(() -> newMac(spec));
        mac.get();
    }

    public String keyId() {
        return keyId;
    }

    public String token(String pan) {
        return HexFormat.of().formatHex(mac.get().doFinal(pan.getBytes(StandardCharsets.US_ASCII)));
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(spec);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
        }
    }
}
