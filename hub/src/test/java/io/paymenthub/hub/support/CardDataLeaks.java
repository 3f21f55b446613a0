package io.paymenthub.hub.support;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.samples.JposMessages;

import java.util.ArrayList;
import java.util.List;

/** Finds card data in what the hub wrote: the test PANs, track data, PIN blocks, and any Luhn-valid 13–19 digit run. */
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
        if (PanMasking.containsLuhnValidRun(text)) {
            found.add(where + ": a Luhn-valid 13-19 digit run");
        }
        return found;
    }
}
