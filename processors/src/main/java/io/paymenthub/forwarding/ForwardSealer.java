package io.paymenthub.forwarding;

import com.google.crypto.tink.HybridEncrypt;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Seals messages for one home region with its public forwarding key: this region can seal, but holds nothing that
 * opens what it sealed. One instance per home region, shared by every thread (Tink primitives are thread-safe).
 */
public final class ForwardSealer {

    private final String senderRegion;
    private final String homeRegion;
    private final SealPublicKey key;
    private final HybridEncrypt encrypt;
    private final Clock clock;

    public ForwardSealer(String senderRegion, String homeRegion, SealPublicKey key, Clock clock) {
        this.senderRegion = Objects.requireNonNull(senderRegion, "senderRegion");
        this.homeRegion = Objects.requireNonNull(homeRegion, "homeRegion");
        this.key = Objects.requireNonNull(key, "key");
        this.clock = clock;
        try {
            this.encrypt = Hpke.encrypter(key.key());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("public key " + key.keyId() + " of region " + homeRegion + " is not usable", e);
        }
    }

    public String homeRegion() {
        return homeRegion;
    }

    public String keyId() {
        return key.keyId();
    }

    /**
     * @param plain      the message, sensitive authentication data already wiped
     * @param references the message's non-sensitive references (DE 11, 37, 41; MsgId, EndToEndId, UETR), in clear
     */
    public SealedEnvelope seal(byte[] plain, String messageId, String source, String format, String originCountry,
                               Map<String, String> references) {
        Map<String, String> kept = new TreeMap<>();
        if (references != null) {
            references.forEach((name, value) -> {
                if (value != null) {
                    kept.put(name, value);
                }
            });
        }
        SealedEnvelope clear = new SealedEnvelope(messageId, source, format, originCountry, senderRegion, homeRegion,
                key.keyId(), clock.instant(), kept, null);
        try {
            byte[] ciphertext = encrypt.encrypt(plain, clear.boundData());
            return new SealedEnvelope(messageId, source, format, originCountry, senderRegion, homeRegion,
                    key.keyId(), clear.sealedAt(), kept, ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HPKE sealing failed for region " + homeRegion, e);
        }
    }
}
