package io.paymenthub.forwarding;

import com.google.crypto.tink.HybridDecrypt;
import io.paymenthub.carddata.KeyMaterial;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.payment.MessageRejected;

import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Opens envelopes sealed for this region with the private forwarding keys it holds, any version. An envelope for
 * another region is refused unopened; one that does not open (another key, a changed byte) is rejected. Reasons
 * name the envelope's field, never its content.
 */
public final class EnvelopeOpener {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String region;
    private final Map<String, HybridDecrypt> keys = new LinkedHashMap<>();

    /** @param privateKeys the forwarding key versions held; none means nothing sealed for this region opens */
    public EnvelopeOpener(String region, List<KeyMaterial> privateKeys) {
        this.region = region;
        for (KeyMaterial key : privateKeys) {
            try {
                keys.putIfAbsent(key.id(), Hpke.decrypter(key));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("forwarding key " + key.id() + " is not an X25519 private key", e);
            }
        }
    }

    public byte[] open(SealedEnvelope envelope) {
        if (!region.equals(envelope.homeRegion())) {
            throw new MessageRejected("home_region", "sealed for region " + named(envelope.homeRegion())
                    + ", not for this region (" + region + "): not opened");
        }
        HybridDecrypt decrypt = keys.get(envelope.keyId());
        if (decrypt == null) {
            throw new MessageRejected("key_id", "sealed with key " + named(envelope.keyId()) + ", which this region does not hold"
                    + " (held: " + keys.keySet() + ")");
        }
        try {
            return decrypt.decrypt(envelope.ciphertext(), envelope.boundData());
        } catch (GeneralSecurityException e) {
            throw new MessageRejected("ciphertext", "does not open with key " + named(envelope.keyId())
                    + ": changed in transit or sealed with another key");
        }
    }

    /** An id from the envelope, as written only when it looks like one: the reason goes to logs and dead letters. */
    private static String named(String id) {
        return NAME.matcher(id).matches() && !PanMasking.containsLuhnValidRun(id) ? "'" + id + "'" : "(not an id)";
    }
}
