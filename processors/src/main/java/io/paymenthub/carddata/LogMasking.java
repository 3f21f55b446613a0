package io.paymenthub.carddata;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last guard before a log line is written: whatever a future mistake puts into a message, no clear PAN,
 * track data, PIN block, EMV data or CVV leaves the process through the log. By example:
 * <ul>
 *   <li>{@code "paid with 4111111111111111"} → {@code "paid with 411111******1111"}</li>
 *   <li>{@code "DE35=4111111111111111D29122011234567800000"} → {@code "DE35=[wiped]"}</li>
 *   <li>{@code "DE52: 1A2B3C4D5E6F7081"} → {@code "DE52: [wiped]"}</li>
 *   <li>{@code "<field id=\"55\" value=\"9F2608...\"/>"} → {@code "<field id=\"55\" value=\"[wiped]\"/>"}</li>
 *   <li>{@code "cvv=123"} → {@code "cvv=[wiped]"}</li>
 *   <li>a raw ASCII ISO 8583 message, whose digit fields run together → the digit run hiding the PAN is starred</li>
 * </ul>
 * Numbers that merely look like a PAN (13–19 digits passing Luhn, e.g. some epoch milliseconds) are truncated
 * too: a log loses a few digits rather than risk one PAN.
 */
public final class LogMasking {

    /** ISO 8583 fields that hold card data: PAN (2), track 2/3/1 (35, 36, 45), PIN block (52), EMV (55). */
    private static final String SENSITIVE_FIELDS = "(?:2|35|36|45|52|55)";
    private static final String WIPED = "[wiped]";

    /** {@code DE2=...}, {@code field 35: ...}, {@code "DE052": "..."}, {@code fld-52=...}. */
    private static final Pattern NAMED_FIELD = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])((?:de|field|fld)[\\s_#.-]?0*(" + SENSITIVE_FIELDS + ")\"?\\s*[:=]\\s*\"?)([^\\s\",;}\\]<>)]+)");
    /** jPOS's XML dump: {@code <field id="35" value="..."/>}. */
    private static final Pattern XML_FIELD = Pattern.compile(
            "(?i)(<field\\s+id\\s*=\\s*\"0*(" + SENSITIVE_FIELDS + ")\"\\s+value\\s*=\\s*\")([^\"]*)");
    private static final Pattern CARD_VERIFICATION = Pattern.compile(
            "(?i)(?<![A-Za-z0-9])((?:cvv2?|cvc2?|cav2|cid|csc)\"?\\s*[:=]\\s*\"?)(\\d{3,4})(?!\\d)");

    private LogMasking() {
    }

    public static String mask(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        String masked = maskFields(NAMED_FIELD, line);
        masked = maskFields(XML_FIELD, masked);
        masked = CARD_VERIFICATION.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + WIPED));
        return PanMasking.wipeText(masked);
    }

    private static String maskFields(Pattern pattern, String text) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + wipedValue(m.group(2), m.group(3))));
    }

    /** DE 2 keeps what a receipt may show (first six, last four); everything else goes entirely. */
    private static String wipedValue(String field, String value) {
        if (field.equals("2") && value.length() >= 13 && value.length() <= 19 && value.chars().allMatch(Character::isDigit)) {
            return PanMasking.mask(value);
        }
        return WIPED;
    }
}
