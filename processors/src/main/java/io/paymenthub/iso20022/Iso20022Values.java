package io.paymenthub.iso20022;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.payment.MessageRejected;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/** Checks and conversions shared by the ISO 20022 mappers; rejections name the element, never its value. */
final class Iso20022Values {

    static final Pattern BIC = Pattern.compile("[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?");
    static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{1,30}");
    static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)");
    private static final int MAX_DECIMAL_DIGITS = 18;
    private static final int MAX_DECIMAL_CHARS = 40;
    static final Pattern UETR = Pattern.compile("[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}");

    private Iso20022Values() {
    }

    /** {@code 1500.00 INR} → {@code 150000}; {@code 1500 JPY} → {@code 1500}; {@code 10.005 USD} is rejected. */
    static long minorUnits(BigDecimal value, String currencyCode, String field) {
        if (value == null) {
            throw new MessageRejected(field, "missing");
        }
        if (currencyCode == null || currencyCode.isBlank()) {
            throw new MessageRejected(field + "/@Ccy", "missing");
        }
        int digits;
        try {
            digits = Currency.getInstance(currencyCode).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            throw new MessageRejected(field, "unknown currency");
        }
        if (digits < 0) {
            throw new MessageRejected(field, "currency without minor unit");
        }
        if (value.signum() < 0) {
            throw new MessageRejected(field, "negative");
        }
        if (value.stripTrailingZeros().scale() > digits) {
            throw new MessageRejected(field, "more than " + digits + " decimals for " + currencyCode);
        }
        try {
            return value.movePointRight(digits).longValueExact();
        } catch (ArithmeticException e) {
            throw new MessageRejected(field, "too large");
        }
    }

    /**
     * An amount or control sum as ISO 20022 writes it (DecimalNumber: at most 18 digits, no exponent), so sums of many stay
     * small: {@code 1250.25} is read, {@code 1e1000000} is refused rather than summed into a million digits.
     */
    static BigDecimal decimal(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new MessageRejected(field, "missing");
        }
        if (text.length() > MAX_DECIMAL_CHARS || !PLAIN_DECIMAL.matcher(text).matches()) {
            throw new MessageRejected(field, "not a decimal number");
        }
        BigDecimal value = new BigDecimal(text);
        if (value.stripTrailingZeros().precision() > MAX_DECIMAL_DIGITS) {
            throw new MessageRejected(field, "more than " + MAX_DECIMAL_DIGITS + " digits");
        }
        return value;
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MessageRejected(field, "missing");
        }
        return value;
    }

    /**
     * A required Max35Text identifier (MsgId, EndToEndId): message ids are built from two of them and kept in clear, so
     * one that holds a clear PAN by the leak scanner's rule (a Luhn-valid 13–19 digit run) is refused, not stored.
     */
    static String max35(String value, String field) {
        if (required(value, field).length() > 35) {
            throw new MessageRejected(field, "longer than 35 characters");
        }
        if (PanMasking.countClearPans(value) > 0) {
            throw new MessageRejected(field, "holds a card number");
        }
        return value;
    }

    /** An optional value: null when absent, rejected when present but not of the expected form. */
    static String matching(String value, String field, Pattern form, String reason) {
        if (value != null && !value.isEmpty() && !form.matcher(value).matches()) {
            throw new MessageRejected(field, reason);
        }
        return value == null || value.isEmpty() ? null : value;
    }
}
