package io.paymenthub.carddata;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Protects PANs by truncation, the only clear form allowed to leave the hub (PCI DSS 3.4.1): at most the first six
 * and the last four digits, and never fewer than six hidden, so shorter PANs keep fewer leading digits.
 * {@code "4111111111111111"} → {@code "411111******1111"}; {@code "378282246310005"} → {@code "37828******0005"}.
 */
public final class PanMasking {

    /** A 13–19 digit run standing on its own: not part of a longer number or of a hex/alphanumeric token. */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9A-Za-z])\\d{13,19}(?![0-9A-Za-z])");
    /** A card number as people write it: 13–19 digits standing on their own, maybe grouped by single spaces or dashes. */
    private static final Pattern CARD_NUMBER_LIKE = Pattern.compile("(?<![0-9A-Za-z])\\d(?:[ -]?\\d){12,18}(?![0-9A-Za-z])");
    /** Track 2 equivalent data: PAN, separator, expiry and service code onwards. */
    private static final Pattern TRACK2 = Pattern.compile("\\d{12,19}[=D]\\d{4,}");
    /** A PAN that starts track 2 (separator {@code D}) or track 1 (format code {@code B}, then {@code ^}). */
    private static final Pattern TRACK_PAN = Pattern.compile("(?<![0-9A-Za-z])(?:(\\d{13,19})D\\d{4}|B(\\d{13,19})\\^)");
    /** Track 1: format code B, PAN, ^NAME^, expiry and discretionary data. */
    private static final Pattern TRACK1 = Pattern.compile("B\\d{12,19}\\^[^^]{0,26}\\^\\d{4,}[^\\s\"<]*");

    private PanMasking() {
    }

    /** Digits a truncated PAN always hides: with six unknown, a truncated form leaves 10^5 Luhn-valid candidates. */
    static final int MIN_HIDDEN = 6;
    private static final int MAX_LEADING = 6;
    private static final int TRAILING = 4;

    /**
     * 16–19 digits keep 6 + 4, 15 keep 5 + 4, 14 keep 4 + 4, 13 keep 3 + 4, 12 keep 2 + 4; anything shorter is no
     * PAN and is hidden whole. {@code "4222222222222"} → {@code "422******2222"}.
     */
    public static String mask(String pan) {
        int length = pan.length();
        if (length < TRAILING + MIN_HIDDEN + 2) {
            return "*".repeat(length);
        }
        int leading = Math.min(MAX_LEADING, length - TRAILING - MIN_HIDDEN);
        return pan.substring(0, leading) + "*".repeat(length - leading - TRAILING) + pan.substring(length - TRAILING);
    }

    public static boolean isLuhnValid(CharSequence digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * Best-effort wipe of free text whose structure is unknown (a message that could not be parsed):
     * track data goes entirely, Luhn-valid 13–19 digit runs are truncated.
     * {@code "pan 4111111111111111 ok"} → {@code "pan 411111******1111 ok"}.
     */
    public static String wipeText(String text) {
        String withoutTracks = withoutTracks(text);
        // every run of 13 or more ASCII digits may hide a PAN (in ASCII ISO 8583 numeric fields sit side by side);
        // found by a scan: a regular expression tried at every character cost more than the rest of the wipe
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < withoutTracks.length()) {
            if (!isAsciiDigit(withoutTracks.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < withoutTracks.length() && isAsciiDigit(withoutTracks.charAt(i))) {
                i++;
            }
            if (i - start < 13) {
                continue;
            }
            String run = withoutTracks.substring(start, i);
            String kept = run.length() <= 19 ? (isLuhnValid(run) ? mask(run) : run) : wipeLongRun(run);
            if (!kept.equals(run)) {
                out = out == null ? new StringBuilder(withoutTracks.length()) : out;
                out.append(withoutTracks, copied, start).append(kept);
                copied = i;
            }
        }
        return out == null ? withoutTracks : out.append(withoutTracks, copied, withoutTracks.length()).toString();
    }

    /**
     * Truncates every card number a person or a client could have typed into a text that is kept (an audit target, a
     * search detail): Luhn-valid 13–19 digit runs, grouped or not, standing on their own; track data is wiped.
     * Digits inside longer numbers or tokens (a hex {@code pan_token}) are left alone.
     * {@code "GET /api/v1/payments/4111111111111111"} → {@code "GET /api/v1/payments/411111******1111"};
     * {@code "card 4111 1111 1111 1111"} → {@code "card 411111******1111"}.
     */
    public static String maskCardNumbers(String text) {
        if (text == null) {
            return null;
        }
        return CARD_NUMBER_LIKE.matcher(withoutTracks(text)).replaceAll(found -> {
            String digits = found.group().replace(" ", "").replace("-", "");
            return Matcher.quoteReplacement(isLuhnValid(digits) ? mask(digits) : found.group());
        });
    }

    /** Track 1 and track 2 data replaced by {@code [track wiped]}. */
    private static String withoutTracks(String text) {
        // the track patterns are tried only where they could match: most texts have no '^' and no digit before '=' or 'D'
        String withoutTrack1 = text.indexOf('^') < 0 ? text : TRACK1.matcher(text).replaceAll("[track wiped]");
        return hasDigitBefore(withoutTrack1, '=', 'D') ? TRACK2.matcher(withoutTrack1).replaceAll("[track wiped]") : withoutTrack1;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean hasDigitBefore(String text, char separator, char otherSeparator) {
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == separator || c == otherSeparator) && isAsciiDigit(text.charAt(i - 1))) {
                return true;
            }
        }
        return false;
    }

    /** A run longer than a PAN may hide one anywhere: if any 13–19 digit window is Luhn-valid, none of it is kept. */
    private static String wipeLongRun(String run) {
        for (int length = 13; length <= 19; length++) {
            for (int start = 0; start + length <= run.length(); start++) {
                if (isLuhnValid(run.subSequence(start, start + length))) {
                    return "*".repeat(run.length());
                }
            }
        }
        return run;
    }

    /**
     * How many clear PANs the text holds: Luhn-valid 13–19 digit runs standing on their own (not inside a longer
     * number or a hex token), and PANs that open track data. The one detector of the leak scanner and the tests.
     * {@code "card 4111111111111111, token 9f4111111111111111ab"} → 1.
     */
    public static int countClearPans(CharSequence text) {
        int found = 0;
        Matcher runs = DIGIT_RUN.matcher(text);
        while (runs.find()) {
            if (isLuhnValid(runs.group())) {
                found++;
            }
        }
        Matcher tracks = TRACK_PAN.matcher(text);
        while (tracks.find()) {
            String pan = tracks.group(1) != null ? tracks.group(1) : tracks.group(2);
            if (isLuhnValid(pan)) {
                found++;
            }
        }
        return found;
    }

    /** True when the text holds a Luhn-valid 13–19 digit run: used to prove nothing leaked. */
    public static boolean containsLuhnValidRun(CharSequence text) {
        Matcher runs = DIGIT_RUN.matcher(text);
        while (runs.find()) {
            if (isLuhnValid(runs.group())) {
                return true;
            }
        }
        return false;
    }
}
