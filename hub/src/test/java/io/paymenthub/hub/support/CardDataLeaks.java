package io.paymenthub.hub.support;

import io.paymenthub.hub.leaks.LeakScanner;
import io.paymenthub.samples.JposMessages;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds card data in what the hub wrote, with the leak scanner's own detector (any clear PAN: a Luhn-valid 13–19
 * digit run standing alone or opening track data), plus the test messages' PIN block, which no pattern can tell.
 */
public final class CardDataLeaks {

    private static final List<String> KNOWN = List.of(
            JposMessages.VISA_TEST_PAN, JposMessages.MASTERCARD_TEST_PAN, JposMessages.TRACK2, JposMessages.PIN_BLOCK);

    private CardDataLeaks() {
    }

    /** What was found in {@code text}, described without repeating it; empty when clean. */
    public static List<String> in(String where, String text) {
        List<String> found = new ArrayList<>();
        for (String secret : KNOWN) {
            if (text.contains(secret)) {
                found.add(where + ": a known test card value (" + secret.length() + " chars)");
            }
        }
        int pans = LeakScanner.clearPansIn(text);
        if (pans > 0) {
            found.add(where + ": " + pans + " clear PANs");
        }
        return found;
    }
}
