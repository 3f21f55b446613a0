package io.paymenthub.iso8583;

import io.paymenthub.payment.CountryCodes;
import io.paymenthub.payment.CurrencyCodes;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What one data element may hold, in ISO 8583:1987's notation: a character class ({@code n}, {@code a},
 * {@code an}, {@code ans}, {@code ns}, {@code as}, {@code s}, {@code b}, {@code z}, {@code x+n}) and optionally a
 * rule: a calendar pattern ({@code n MMDDhhmmss}, {@code n YYMM}), {@code n currency} (a known ISO 4217 numeric
 * code) or {@code n country} (a known ISO 3166-1 numeric code). Declared in a packager file's {@code format}
 * attribute, or implied by the field's j8583 type. Checked on the bytes as sent (ASCII variant); a violation is
 * described by the format alone, never by the value.
 * <ul>
 * <li>{@code a} letters, {@code n} digits, {@code s} the other printable ASCII characters, space included;
 * {@code an} is letters and digits only: a space is a special character. Fixed-length fields other than {@code n}
 * are left-justified and padded with trailing spaces (the standard's justification rule), so trailing spaces are
 * accepted there, and only there; {@code n} is right-justified with leading zeros.</li>
 * <li>{@code b} binary, written as two hexadecimal characters (either case) per byte.</li>
 * <li>{@code z} track 2 and 3 data as carried in a message: digits and the field separator ({@code =}, or
 * {@code D} as networks write the separator's nibble), starting with a digit; the start and end sentinels
 * ({@code ;}, {@code ?}), the LRC and the control characters are not part of the field.</li>
 * <li>{@code x+n} {@code C} (credit) or {@code D} (debit), then digits; the field's length counts the sign.</li>
 * </ul>
 */
final class FieldFormat {

    private static final int LETTERS = 1;
    private static final int DIGITS = 2;
    private static final int SPECIALS = 4;
    private static final Map<String, Integer> TEXT_CLASSES = Map.of("a", LETTERS, "n", DIGITS, "s", SPECIALS,
            "an", LETTERS | DIGITS, "as", LETTERS | SPECIALS, "ns", DIGITS | SPECIALS, "ans", LETTERS | DIGITS | SPECIALS);

    /** The format a j8583 type implies when the file declares none; text types admit any printable character. */
    private static final Map<String, String> IMPLIED = Map.ofEntries(Map.entry("NUMERIC", "n"), Map.entry("AMOUNT", "n"),
            Map.entry("DATE10", "n MMDDhhmmss"), Map.entry("DATE4", "n MMDD"), Map.entry("DATE_EXP", "n YYMM"),
            Map.entry("TIME", "n hhmmss"), Map.entry("DATE6", "n YYMMDD"), Map.entry("DATE12", "n YYMMDDhhmmss"),
            Map.entry("DATE14", "n YYYYMMDDhhmmss"), Map.entry("BINARY", "b"), Map.entry("LLBIN", "b"),
            Map.entry("LLLBIN", "b"), Map.entry("LLLLBIN", "b"), Map.entry("ALPHA", "ans"), Map.entry("LLVAR", "ans"),
            Map.entry("LLLVAR", "ans"), Map.entry("LLLLVAR", "ans"));

    private enum Kind { TEXT, BINARY, TRACK, SIGNED_AMOUNT }

    private enum Rule { NONE, CALENDAR, CURRENCY, COUNTRY }

    private final String notation;
    private final Kind kind;
    private final int classes;
    private final Rule rule;
    private final CalendarPattern calendar;
    private final boolean fixed;
    private final String violation;

    private FieldFormat(String notation, Kind kind, int classes, Rule rule, CalendarPattern calendar, boolean fixed) {
        this.notation = notation;
        this.kind = kind;
        this.classes = classes;
        this.rule = rule;
        this.calendar = calendar;
        this.fixed = fixed;
        this.violation = describe();
    }

    /**
     * The format of a field of j8583 {@code type} and {@code length}: {@code declared} (the {@code format} attribute,
     * blank for none) tightens what the type implies.
     * @throws IllegalArgumentException when the declaration is unknown or does not fit the type or length
     */
    static FieldFormat of(String type, int length, String declared) {
        String implied = IMPLIED.get(type);
        if (implied == null) {
            throw new IllegalArgumentException("type " + type + " is not read by the hub (ASCII variant)");
        }
        String notation = declared == null || declared.isBlank() ? implied : declared.strip().replaceAll("\\s+", " ");
        boolean fixed = !type.startsWith("LL");
        boolean typed = !implied.equals("ans");   // the j8583 type itself carries the class
        if (typed && !notation.equals(implied) && !(implied.equals("n") && notation.startsWith("n "))) {
            throw new IllegalArgumentException("format " + notation + " does not fit type " + type + " (" + implied + ")");
        }
        String[] parts = notation.split(" ");
        if (parts.length > 2) {
            throw new IllegalArgumentException("format " + notation + ": a class and at most one rule");
        }
        String charClass = parts[0];
        Kind kind;
        int classes = 0;
        if (TEXT_CLASSES.containsKey(charClass)) {
            kind = Kind.TEXT;
            classes = TEXT_CLASSES.get(charClass);
        } else {
            kind = switch (charClass) {
                case "b" -> Kind.BINARY;
                case "z" -> Kind.TRACK;
                case "x+n" -> Kind.SIGNED_AMOUNT;
                default -> throw new IllegalArgumentException("format " + notation + ": unknown class " + charClass);
            };
        }
        if ((kind == Kind.BINARY) != (type.equals("BINARY") || type.endsWith("BIN"))) {
            throw new IllegalArgumentException("format " + notation + ": b is for binary types only, and binary types are b");
        }
        if (kind == Kind.SIGNED_AMOUNT && (!fixed || length < 2)) {
            throw new IllegalArgumentException("format " + notation + ": x+n needs a fixed length of sign and digits");
        }
        Rule rule = Rule.NONE;
        CalendarPattern calendar = null;
        if (parts.length == 2) {
            if (classes != DIGITS) {
                throw new IllegalArgumentException("format " + notation + ": a rule applies to n only");
            }
            switch (parts[1]) {
                case "currency" -> rule = Rule.CURRENCY;
                case "country" -> rule = Rule.COUNTRY;
                default -> {
                    rule = Rule.CALENDAR;
                    calendar = CalendarPattern.of(parts[1]);
                }
            }
            int ruleLength = rule == Rule.CALENDAR ? calendar.length() : 3;
            int fieldLength = type.startsWith("DATE") || type.equals("TIME") ? ruleLength : length;
            if (!fixed || fieldLength != ruleLength) {
                throw new IllegalArgumentException("format " + notation + " needs a fixed length of " + ruleLength);
            }
        }
        return new FieldFormat(notation, kind, classes, rule, calendar, fixed);
    }

    /** As the file declares it (or the type implies), e.g. {@code "n MMDDhhmmss"}. */
    String notation() {
        return notation;
    }

    /** Null when the value {@code wire[from, to)} holds to the format, else the reason, which never quotes the value. */
    String violation(byte[] wire, int from, int to) {
        boolean holds = switch (kind) {
            case TEXT -> text(wire, from, to) && rule(wire, from, to);
            case BINARY -> binary(wire, from, to);
            case TRACK -> track(wire, from, to);
            case SIGNED_AMOUNT -> to - from >= 2 && (wire[from] == 'C' || wire[from] == 'D') && all(wire, from + 1, to, DIGITS);
        };
        return holds ? null : violation;
    }

    private boolean text(byte[] wire, int from, int to) {
        int end = to;
        if (fixed && (classes & SPECIALS) == 0 && classes != DIGITS) {
            while (end > from && wire[end - 1] == ' ') {
                end--;   // left-justified, space-padded
            }
        }
        return all(wire, from, end, classes);
    }

    private boolean rule(byte[] wire, int from, int to) {
        return switch (rule) {
            case NONE -> true;
            case CALENDAR -> calendar.holds(wire, from);
            case CURRENCY -> CurrencyCodes.alphaOfNumeric(ascii(wire, from, to)) != null;
            case COUNTRY -> CountryCodes.alpha2OfNumeric(ascii(wire, from, to)) != null;
        };
    }

    private static boolean binary(byte[] wire, int from, int to) {
        if ((to - from) % 2 != 0) {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte c = wire[i];
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'F' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean track(byte[] wire, int from, int to) {
        if (to == from || !isDigit(wire[from])) {
            return false;
        }
        for (int i = from; i < to; i++) {
            byte c = wire[i];
            if (!isDigit(c) && c != '=' && c != 'D') {
                return false;
            }
        }
        return true;
    }

    private static boolean all(byte[] wire, int from, int to, int classes) {
        for (int i = from; i < to; i++) {
            byte c = wire[i];
            int of = isDigit(c) ? DIGITS : c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' ? LETTERS
                    : c >= 0x20 && c <= 0x7E ? SPECIALS : 0;
            if ((of & classes) == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static String ascii(byte[] wire, int from, int to) {
        return new String(wire, from, to - from, StandardCharsets.US_ASCII);
    }

    private String describe() {
        return switch (rule) {
            case CURRENCY -> CurrencyCodes.NOT_A_CURRENCY;
            case COUNTRY -> CountryCodes.NOT_A_COUNTRY;
            case CALENDAR -> "not " + calendar.description();
            case NONE -> switch (kind) {
                case BINARY -> "not binary (two hexadecimal characters a byte)";
                case TRACK -> "not z (track digits and the separator = or D)";
                case SIGNED_AMOUNT -> "not x+n (C or D, then digits)";
                case TEXT -> "characters outside " + notation + " (" + classNames() + ")";
            };
        };
    }

    private String classNames() {
        java.util.List<String> names = new java.util.ArrayList<>(3);
        if ((classes & LETTERS) != 0) {
            names.add("letters");
        }
        if ((classes & DIGITS) != 0) {
            names.add("digits");
        }
        if ((classes & SPECIALS) != 0) {
            names.add("special characters");
        }
        return String.join(", ", names);
    }

    @Override
    public String toString() {
        return notation;
    }
}
