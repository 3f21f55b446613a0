package io.paymenthub.iso8583;

import io.paymenthub.payment.MessageRejected;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Walks an ISO 8583 message field by field with the packager file's layout (ASCII encoding), on the bytes as sent:
 * to check each field against its format ({@link #verdicts()}), and to find the references of a message j8583
 * refused ({@link #references()}). It stops at the first field it cannot place.
 */
final class FieldWalk {

    private static final Set<Integer> REFERENCES = Set.of(11, 37, 41);
    private static final Map<String, Integer> FIXED_LENGTHS = Map.of("AMOUNT", 12, "DATE10", 10, "DATE4", 4,
            "DATE_EXP", 4, "TIME", 6, "DATE6", 6, "DATE12", 12, "DATE14", 14);

    private final byte[] wire;
    private final boolean binaryBitmap;
    private final Map<Integer, Map<Integer, PackagerFile.FieldSpec>> layouts;

    FieldWalk(byte[] wire, boolean binaryBitmap, Map<Integer, Map<Integer, PackagerFile.FieldSpec>> layouts) {
        this.wire = wire;
        this.binaryBitmap = binaryBitmap;
        this.layouts = layouts;
    }

    /**
     * Each present field against its format and, when variable, its maximum length; a field whose length prefix is
     * not digits ends the walk as a violation, and the fields after it are neither conforming nor violations.
     */
    Verdicts verdicts() {
        BitSet conforming = new BitSet(129);
        SortedMap<Integer, String> violations = new TreeMap<>();
        Stop stop = walk((field, spec, from, to) -> {
            String violation = tooLong(spec, to - from);
            if (violation == null) {
                violation = spec.format().violation(wire, from, to);
            }
            if (violation == null) {
                conforming.set(field);
            } else {
                violations.put(field, violation);
            }
            return true;
        });
        if (stop != null && stop.field() > 0) {
            violations.put(stop.field(), stop.reason());
        }
        return new Verdicts(conforming, Collections.unmodifiableSortedMap(violations));
    }

    /** The fields of a message that conform, and the reasons of those that do not, which never quote a value. */
    record Verdicts(BitSet conforming, SortedMap<Integer, String> violations) {

        boolean conforms(int field) {
            return conforming.get(field);
        }

        /** The lowest-numbered violation, e.g. {@code DE49: not an ISO 4217 currency}; null when every field conforms. */
        MessageRejected firstViolation() {
            return violations.isEmpty() ? null
                    : new MessageRejected("DE" + violations.firstKey(), violations.get(violations.firstKey()));
        }
    }

    /** The MTI, then DE 11, 37 and 41 as far as the fields before them can be placed; nothing else. */
    Map<String, String> references() {
        Map<String, String> found = new LinkedHashMap<>();
        if (wire.length >= 4 && digits(0, 4)) {
            found.put("MTI", text(0, 4));
            walk((field, spec, from, to) -> {
                if (REFERENCES.contains(field)) {
                    found.put("DE" + field, text(from, to));
                }
                return found.size() <= REFERENCES.size();
            });
        }
        return found;
    }

    /** One placed field: its value is {@code wire[from, to)}, after its length prefix. */
    private interface Visitor {
        /** @return whether to go on */
        boolean field(int field, PackagerFile.FieldSpec spec, int from, int to);
    }

    /** Where the walk stopped before the bitmap's last field: the field (0 for the MTI or bitmap) and why. */
    private record Stop(int field, String reason) {
    }

    /** Visits the present fields in order; null when every one was placed (or the visitor stopped). */
    private Stop walk(Visitor visitor) {
        if (wire.length < 4 || !digits(0, 4)) {
            return new Stop(0, "MTI");
        }
        Map<Integer, PackagerFile.FieldSpec> layout = layouts.get(Integer.parseInt(text(0, 4), 16));
        boolean[] present = bitmap();
        if (layout == null || present == null) {
            return new Stop(0, "bitmap");
        }
        int at = 4 + (binaryBitmap ? present.length / 8 : present.length / 4);
        for (int field = 2; field < present.length + 1; field++) {
            if (!present[field - 1]) {
                continue;
            }
            PackagerFile.FieldSpec spec = layout.get(field);
            if (spec == null) {
                return new Stop(field, "not in the field layout");
            }
            int from = at;
            int length;
            int prefix = spec.prefixDigits();
            if (prefix > 0) {
                if (at + prefix > wire.length) {
                    return new Stop(field, "runs past the end of the message");
                }
                if (!digits(at, at + prefix)) {
                    return new Stop(field, "length prefix is not digits");
                }
                length = Integer.parseInt(text(at, at + prefix));   // j8583 counts a binary field's hex characters
                from = at + prefix;
            } else {
                length = fixedLength(spec);
            }
            if (from + length > wire.length) {
                return new Stop(field, "runs past the end of the message");
            }
            if (!visitor.field(field, spec, from, from + length)) {
                return null;
            }
            at = from + length;
        }
        return null;
    }

    private static int fixedLength(PackagerFile.FieldSpec spec) {
        if (spec.type().equals("BINARY")) {
            return spec.length() * 2;
        }
        return FIXED_LENGTHS.getOrDefault(spec.type(), spec.length());
    }

    /** {@code "longer than 11 characters"} when a variable field passes its declared maximum. */
    private static String tooLong(PackagerFile.FieldSpec spec, int characters) {
        if (!spec.variable() || spec.length() <= 0) {
            return null;
        }
        if (spec.binary()) {
            return characters > spec.length() * 2 ? "longer than " + spec.length() + " bytes" : null;
        }
        return characters > spec.length() ? "longer than " + spec.length() + " characters" : null;
    }

    /** Bits 1..64 or 1..128 (bit 1 announces the secondary bitmap); null when the bitmap cannot be read. */
    private boolean[] bitmap() {
        int primaryLength = binaryBitmap ? 8 : 16;
        byte[] primary = bitmapBytes(4, primaryLength);
        if (primary == null) {
            return null;
        }
        boolean secondary = (primary[0] & 0x80) != 0;
        byte[] bits = secondary ? bitmapBytes(4, primaryLength * 2) : primary;
        if (bits == null) {
            return null;
        }
        boolean[] present = new boolean[bits.length * 8];
        for (int i = 0; i < present.length; i++) {
            present[i] = (bits[i / 8] & (0x80 >> (i % 8))) != 0;
        }
        return present;
    }

    private byte[] bitmapBytes(int from, int length) {
        if (from + length > wire.length) {
            return null;
        }
        if (binaryBitmap) {
            return java.util.Arrays.copyOfRange(wire, from, from + length);
        }
        try {
            return java.util.HexFormat.of().parseHex(text(from, from + length));
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    private boolean digits(int from, int to) {
        for (int i = from; i < to; i++) {
            if (wire[i] < '0' || wire[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private String text(int from, int to) {
        return new String(wire, from, to - from, StandardCharsets.US_ASCII);
    }
}
