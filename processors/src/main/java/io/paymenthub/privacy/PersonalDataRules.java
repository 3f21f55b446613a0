package io.paymenthub.privacy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each kind of personal data in ISO 20022 is kept, chosen by configuration per category.
 * <ul>
 *   <li>{@code INITIALS}: {@code "Aarav Mehta Traders Pvt Ltd"} → {@code "A. M. T. P. L."}</li>
 *   <li>{@code LAST4}: {@code "IN12HDFC0001234567891"} → {@code "IN***************7891"} (an IBAN keeps its country),
 *       {@code "50100234567891"} → {@code "**********7891"}</li>
 *   <li>{@code REDACT}: not kept at all</li>
 *   <li>{@code KEEP}: kept as sent (for data that is not personal in a given bank's judgement)</li>
 * </ul>
 */
public record PersonalDataRules(Rule names, Rule accounts, Rule addresses, Rule remittance) {

    public enum Rule { KEEP, INITIALS, LAST4, REDACT }

    /** The defaults: names as initials, accounts to their last four, addresses and free text not kept. */
    public static PersonalDataRules defaults() {
        return new PersonalDataRules(Rule.INITIALS, Rule.LAST4, Rule.REDACT, Rule.REDACT);
    }

    /** Applies the rules to every element; an element of no known category is not kept. */
    public Map<String, String> mask(Map<String, String> personalData) {
        Map<String, String> masked = new LinkedHashMap<>();
        personalData.forEach((element, value) -> {
            String kept = apply(ruleFor(element), value);
            if (kept != null) {
                masked.put(element, kept);
            }
        });
        return masked;
    }

    private Rule ruleFor(String element) {
        if (element.endsWith("/Nm")) {
            return names;
        }
        if (element.contains("Acct")) {
            return accounts;
        }
        if (element.endsWith("PstlAdr")) {
            return addresses;
        }
        if (element.startsWith("RmtInf")) {
            return remittance;
        }
        return Rule.REDACT;
    }

    static String apply(Rule rule, String value) {
        return switch (rule) {
            case KEEP -> value;
            case REDACT -> null;
            case INITIALS -> initials(value);
            case LAST4 -> lastFour(value);
        };
    }

    private static String initials(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.strip().split("\\s+")) {
            if (!word.isEmpty() && Character.isLetterOrDigit(word.codePointAt(0))) {
                out.appendCodePoint(Character.toUpperCase(word.codePointAt(0))).append(". ");
            }
        }
        return out.toString().strip();
    }

    private static String lastFour(String account) {
        String compact = account.replace(" ", "");
        if (compact.length() <= 4) {
            return "*".repeat(compact.length());
        }
        boolean iban = compact.matches("[A-Z]{2}[0-9]{2}[A-Za-z0-9]+");
        int keepFront = iban ? 2 : 0;
        return compact.substring(0, keepFront) + "*".repeat(compact.length() - keepFront - 4)
                + compact.substring(compact.length() - 4);
    }
}
