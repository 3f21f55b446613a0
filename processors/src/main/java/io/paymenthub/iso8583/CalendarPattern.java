package io.paymenthub.iso8583;

import java.time.Month;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;

/**
 * A date or time as ISO 8583 writes it in digits, e.g. {@code MMDDhhmmss} (DE 7) or {@code YYMM} (DE 14), built from
 * {@code YYYY}, {@code YY}, {@code MM}, {@code DD}, {@code hh}, {@code mm} and {@code ss}. A value holds when each
 * part is in range and the day exists in its month: {@code 0229} holds where the pattern has no year (it exists in
 * leap years), and with {@code YY} the year is read as 2000–2099. Seconds run to 59: no leap second.
 */
final class CalendarPattern {

    private enum Part {
        YEAR4("YYYY", 0, 9999), YEAR2("YY", 0, 99), MONTH("MM", 1, 12), DAY("DD", 1, 31), HOUR("hh", 0, 23),
        MINUTE("mm", 0, 59), SECOND("ss", 0, 59);

        final String letters;
        final int min;
        final int max;

        Part(String letters, int min, int max) {
            this.letters = letters;
            this.min = min;
            this.max = max;
        }
    }

    private final String pattern;
    private final List<Part> parts;

    private CalendarPattern(String pattern, List<Part> parts) {
        this.pattern = pattern;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException when the pattern is not made of the parts above, each at most once */
    static CalendarPattern of(String pattern) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < pattern.length()) {
            Part found = null;
            for (Part part : Part.values()) {
                if (pattern.startsWith(part.letters, at)) {
                    found = part;
                    break;
                }
            }
            if (found == null || parts.contains(found) || found == Part.YEAR2 && parts.contains(Part.YEAR4)) {
                throw new IllegalArgumentException("unknown rule " + pattern
                        + " (currency, country, or a date of YYYY or YY, MM, DD, hh, mm, ss)");
            }
            parts.add(found);
            at += found.letters.length();
        }
        return new CalendarPattern(pattern, List.copyOf(parts));
    }

    int length() {
        return pattern.length();
    }

    /** Whether the digits at {@code from} are a date or time on the calendar. */
    boolean holds(byte[] wire, int from) {
        int year = -1;
        int month = -1;
        int day = -1;
        int at = from;
        for (Part part : parts) {
            int value = 0;
            for (int i = 0; i < part.letters.length(); i++, at++) {
                byte c = wire[at];
                if (c < '0' || c > '9') {
                    return false;
                }
                value = value * 10 + (c - '0');
            }
            if (value < part.min || value > part.max) {
                return false;
            }
            switch (part) {
                case YEAR4 -> year = value;
                case YEAR2 -> year = 2000 + value;
                case MONTH -> month = value;
                case DAY -> day = value;
                default -> { }
            }
        }
        if (day < 0 || month < 0) {
            return true;
        }
        boolean leap = year < 0 || Year.isLeap(year);
        return day <= Month.of(month).length(leap);
    }

    /** {@code "a date and time on the calendar (MMDDhhmmss)"}, {@code "a time of day (hhmmss)"}. */
    String description() {
        boolean date = parts.stream().anyMatch(p -> p.ordinal() <= Part.DAY.ordinal());
        boolean time = parts.stream().anyMatch(p -> p.ordinal() > Part.DAY.ordinal());
        String what = date && time ? "a date and time on the calendar" : date ? "a date on the calendar" : "a time of day";
        return what + " (" + pattern + ")";
    }
}
