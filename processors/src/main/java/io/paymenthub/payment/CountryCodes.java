package io.paymenthub.payment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/** ISO 3166-1 look-ups: {@code "356"} → {@code "IN"}, {@code "702"} → {@code "SG"}. */
public final class CountryCodes {

    /** The reason a field that should hold a numeric country code is refused (the code is never repeated). */
    public static final String NOT_A_COUNTRY = "not an ISO 3166 country";

    private static final Properties NUMERIC_TO_ALPHA2 = load();
    private static final Set<String> ALPHA2 = Set.of(Locale.getISOCountries());

    private CountryCodes() {
    }

    public static String alpha2OfNumeric(String numeric) {
        return NUMERIC_TO_ALPHA2.getProperty(numeric);
    }

    public static boolean isAlpha2(String code) {
        return code != null && ALPHA2.contains(code);
    }

    private static Properties load() {
        Properties table = new Properties();
        try (InputStream in = CountryCodes.class.getResourceAsStream("/iso3166-numeric.properties")) {
            table.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
