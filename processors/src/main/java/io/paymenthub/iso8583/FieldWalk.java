package io.paymenthub.iso8583;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Walks an ISO 8583 message field by field with the packager file's layout (ASCII encoding), for a message j8583
 * refused: it stops at the first field it cannot place and keeps only the references it passed on the way.
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

    Map<String, String> references() {
        Map<String, String> found = new LinkedHashMap<>();
        if (wire.length < 4 || !digits(0, 4)) {
            return found;
        }
        String mti = text(0, 4);
        found.put("MTI", mti);
        Map<Integer, PackagerFile.FieldSpec> layout = layouts.get(Integer.parseInt(mti, 16));
        boolean[] present = bitmap();
        if (layout == null || present == null) {
            return found;
        }
        int at = 4 + (binaryBitmap ? present.length / 8 : present.length / 4);
        for (int field = 2; field < present.length + 1 && found.size() <= REFERENCES.size(); field++) {
            if (!present[field - 1]) {
                continue;
            }
            PackagerFile.FieldSpec spec = layout.get(field);
            int[] span = spec == null ? null : span(spec, at);
            if (span == null) {
                break;
            }
            if (REFERENCES.contains(field)) {
                found.put("DE" + field, text(span[0], span[1]));
            }
            at = span[1];
        }
        return found;
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

    /** Start and end of the field's value at {@code at}; null when the layout cannot place it in the bytes left. */
    private int[] span(PackagerFile.FieldSpec spec, int at) {
        String type = spec.type();
        int prefix = 0; // LLVAR: two length digits, LLLVAR: three, ...
        while (prefix < type.length() && type.charAt(prefix) == 'L') {
            prefix++;
        }
        if (prefix > 0) {
            if (at + prefix > wire.length || !digits(at, at + prefix)) {
                return null;
            }
            int length = Integer.parseInt(text(at, at + prefix));
            int bytes = type.endsWith("BIN") ? length * 2 : length;
            return end(at + prefix, bytes);
        }
        if (type.equals("ALPHA") || type.equals("NUMERIC")) {
            return end(at, spec.length());
        }
        if (type.equals("BINARY")) {
            return end(at, spec.length() * 2);
        }
        Integer fixed = FIXED_LENGTHS.get(type);
        return fixed == null ? null : end(at, fixed);
    }

    private int[] end(int from, int length) {
        return length < 0 || from + length > wire.length ? null : new int[] {from, from + length};
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
