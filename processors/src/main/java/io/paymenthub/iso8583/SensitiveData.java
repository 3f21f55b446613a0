package io.paymenthub.iso8583;

import java.util.List;
import java.util.Set;

/**
 * Where a dialect carries sensitive authentication data (PCI DSS 3.3.1): whole fields, always at least
 * {@link #ALWAYS_WIPED}, and tagged subfields of a field (a CVV2/CVC2 inside DE 48 or DE 126). A dialect file adds
 * to it; nothing takes from it.
 */
public record SensitiveData(Set<Integer> wipedFields, List<TaggedSubfields> subfields) {

    /** Track 2 (35), track 3 (36), track 1 (45), PIN block (52), EMV data (55). */
    public static final Set<Integer> ALWAYS_WIPED = Set.of(35, 36, 45, 52, 55);

    /**
     * Subfields of {@code field} written as tag, length, value in ASCII digits after {@code skip} leading characters,
     * e.g. a CVC2 in DE 48 as {@code "92" "03" "123"}; the subfields whose tag is in {@code tags} are removed.
     */
    public record TaggedSubfields(int field, int skip, int tagDigits, int lengthDigits, Set<String> tags) {

        public TaggedSubfields {
            if (skip < 0 || tagDigits < 1 || lengthDigits < 1 || tags.isEmpty()) {
                throw new IllegalArgumentException("skip >= 0, tag-digits >= 1, length-digits >= 1 and tags are needed");
            }
            tags = Set.copyOf(tags);
        }

        /**
         * The value without the named subfields; null when it does not read as tag-length-value to its last
         * character, for then a sensitive subfield could hide anywhere in it and the whole field goes.
         */
        public String without(String value) {
            if (value.length() < skip) {
                return null;
            }
            StringBuilder kept = new StringBuilder(value.substring(0, skip));
            int at = skip;
            while (at < value.length()) {
                int lengthAt = at + tagDigits;
                int valueAt = lengthAt + lengthDigits;
                if (valueAt > value.length() || !digits(value, at, valueAt)) {
                    return null;
                }
                int end = valueAt + Integer.parseInt(value.substring(lengthAt, valueAt));
                if (end > value.length()) {
                    return null;
                }
                if (!tags.contains(value.substring(at, lengthAt))) {
                    kept.append(value, at, end);
                }
                at = end;
            }
            return kept.toString();
        }

        private static boolean digits(String value, int from, int to) {
            for (int i = from; i < to; i++) {
                if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }
    }
}
