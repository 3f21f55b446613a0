package io.paymenthub.iso8583;

import io.paymenthub.payment.CountryCodes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The issuing country of a card by its BIN, the last origin signal for ISO 8583 when DE 19 and DE 43 say nothing.
 * Read from a CSV of {@code prefix,country} lines (prefixes of 6 to 8 digits, ISO 3166 alpha-2, {@code #} comments);
 * the longest matching prefix wins: {@code 411111,IN} maps {@code 4111111111111111} to {@code IN}.
 */
public final class BinCountries {

    private static final int SHORTEST = 6;
    private static final int LONGEST = 8;

    private final Map<String, String> countryByPrefix;

    private BinCountries(Map<String, String> countryByPrefix) {
        this.countryByPrefix = Map.copyOf(countryByPrefix);
    }

    public static BinCountries none() {
        return new BinCountries(Map.of());
    }

    public static BinCountries read(URL csv) {
        Map<String, String> table = new HashMap<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(csv.openStream(), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] parts = entry.split(",");
                if (parts.length != 2 || !parts[0].strip().matches("\\d{" + SHORTEST + "," + LONGEST + "}")
                        || !CountryCodes.isAlpha2(parts[1].strip())) {
                    throw new IllegalArgumentException(csv + " line " + number + ": expected <6-8 digit prefix>,<alpha-2 country>");
                }
                table.put(parts[0].strip(), parts[1].strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BIN table " + csv, e);
        }
        return new BinCountries(table);
    }

    /** The country of the longest listed prefix of the PAN, or null. */
    public String countryOf(String pan) {
        for (int length = Math.min(LONGEST, pan.length()); length >= SHORTEST; length--) {
            String country = countryByPrefix.get(pan.substring(0, length));
            if (country != null) {
                return country;
            }
        }
        return null;
    }
}
