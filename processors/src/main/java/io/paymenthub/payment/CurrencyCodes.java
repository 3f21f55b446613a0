package io.paymenthub.payment;

import java.util.Currency;
import java.util.Map;
import java.util.stream.Collectors;

/** ISO 4217 look-ups from the JDK's currency data: {@code "356"} → {@code "INR"}, {@code "702"} → {@code "SGD"}. */
public final class CurrencyCodes {

    /** The reason a field that should hold a numeric currency code is refused (the code is never repeated). */
    public static final String NOT_A_CURRENCY = "not an ISO 4217 currency";

    /** Numeric code (three digits) → alphabetic code; of two sharing a number (532: ANG, XCG) the first in order. */
    private static final Map<String, String> ALPHA_OF_NUMERIC = Currency.getAvailableCurrencies().stream()
            .filter(c -> c.getNumericCode() > 0)
            .collect(Collectors.toUnmodifiableMap(c -> String.format("%03d", c.getNumericCode()),
                    Currency::getCurrencyCode, (one, other) -> one.compareTo(other) <= 0 ? one : other));

    private CurrencyCodes() {
    }

    /** The alphabetic code of a three-digit numeric code; null when no currency has it. */
    public static String alphaOfNumeric(String numeric) {
        return ALPHA_OF_NUMERIC.get(numeric);
    }
}
