package io.paymenthub.carddata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds card data of one input in a text the hub produced from it (a rejection reason, a reply, a log line):
 * any clear PAN ({@link PanMasking#countClearPans}), any Luhn-valid 13–19 digit window of the input's digit runs
 * (ASCII ISO 8583 fields sit side by side, so a PAN may hide inside a longer run), track data, and any 16
 * hex-character window of the input mixing digits and letters (a PIN block is 8 bytes, 16 hex characters on the wire).
 * By example: input {@code "...164111111111111111..."}, reason {@code "DE2: 4111111111111111"} → one finding.
 */
public final class CardDataScanner {

    private static final Pattern DIGIT_RUN = Pattern.compile("\\d{13,}");
    private static final Pattern HEX_RUN = Pattern.compile("[0-9A-Fa-f]{16,}");
    private static final Pattern TRACK = Pattern.compile("\\d{12,19}[=D]\\d{4}|B\\d{12,19}\\^");
    /** Enough windows to cover a fuzzer's input; a longer input is scanned up to here. */
    private static final int MAX_WINDOWS = 20_000;

    private final Set<String> pans = new LinkedHashSet<>();
    private final Set<String> pinBlocks = new LinkedHashSet<>();

    private CardDataScanner(String input) {
        Matcher digits = DIGIT_RUN.matcher(input);
        while (digits.find() && pans.size() < MAX_WINDOWS) {
            String run = digits.group();
            for (int length = 13; length <= 19; length++) {
                for (int start = 0; start + length <= run.length(); start++) {
                    String window = run.substring(start, start + length);
                    if (PanMasking.isLuhnValid(window)) {
                        pans.add(window);
                    }
                }
            }
        }
        Matcher hex = HEX_RUN.matcher(input);
        while (hex.find() && pinBlocks.size() < MAX_WINDOWS) {
            String run = hex.group();
            for (int start = 0; start + 16 <= run.length(); start++) {
                String window = run.substring(start, start + 16);
                // mixed digits and letters: an all-digit window is an amount or a reference, covered by the PAN check
                if (window.chars().anyMatch(Character::isDigit) && window.chars().anyMatch(Character::isLetter)) {
                    pinBlocks.add(window.toUpperCase());
                }
            }
        }
    }

    /** The card data a text may not repeat, read from the input it was made from. */
    public static CardDataScanner of(byte[] input) {
        return new CardDataScanner(new String(input, StandardCharsets.ISO_8859_1));
    }

    /** What was found in {@code text}, described without repeating it; empty when clean. */
    public List<String> findingsIn(String where, String text) {
        List<String> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        int clear = PanMasking.countClearPans(text);
        if (clear > 0) {
            found.add(where + ": " + clear + " clear PAN(s)");
        }
        long echoed = pans.stream().filter(text::contains).count();
        if (echoed > 0) {
            found.add(where + ": " + echoed + " Luhn-valid digit run(s) of the input");
        }
        if (TRACK.matcher(text).find()) {
            found.add(where + ": track data");
        }
        String upper = text.toUpperCase();
        long blocks = pinBlocks.stream().filter(upper::contains).count();
        if (blocks > 0) {
            found.add(where + ": " + blocks + " PIN-block-like hex run(s) of the input");
        }
        return found;
    }
}
