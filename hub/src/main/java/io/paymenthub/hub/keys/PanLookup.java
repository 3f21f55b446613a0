package io.paymenthub.hub.keys;

import io.paymenthub.carddata.PanTokenizer;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Finds stored payments by PAN across key versions: a PAN's token under every held PAN key. A row tokenised under
 * any of them matches {@code where pan_token in (<the tokens>)} (indexed), so lookups keep working after rotation.
 * The PAN is neither kept nor logged here; callers must not log it either.
 */
@Component
public class PanLookup {

    /** A PAN's token under one key version. */
    public record PanToken(String keyId, String token) {
    }

    private final HubKeys keys;

    PanLookup(HubKeys keys) {
        this.keys = keys;
    }

    /** @throws IllegalArgumentException when {@code pan} is not 12 to 19 digits (the message never repeats it) */
    public List<PanToken> tokensOf(String pan) {
        if (pan == null || pan.length() < 12 || pan.length() > 19 || !pan.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("pan: 12 to 19 digits expected");
        }
        return keys.ring().panTokenizers().stream()
                .map((PanTokenizer tokenizer) -> new PanToken(tokenizer.keyId(), tokenizer.token(pan)))
                .toList();
    }
}
