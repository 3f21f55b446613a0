package io.paymenthub.payment;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The numeric code lists ISO 8583 fields are checked against: ISO 3166-1 from its resource, ISO 4217 from the JDK. */
class CodeListsTest {

    @Test
    void theNumericCountryListNamesExactlyTheCountriesTheJdkKnows() throws Exception {
        Properties table = new Properties();
        try (InputStream in = CountryCodes.class.getResourceAsStream("/iso3166-numeric.properties")) {
            table.load(in);
        }
        Set<Object> alpha2 = new HashSet<>(table.values());

        // a JDK that knows a new country, or a table that lost one, means the table is regenerated (processors/tools)
        assertThat(alpha2).hasSize(table.size())
                .isEqualTo(new HashSet<>(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2)));
        assertThat(table.stringPropertyNames()).allMatch(numeric -> numeric.matches("\\d{3}"));
        assertThat(CountryCodes.alpha2OfNumeric("356")).isEqualTo("IN");
        assertThat(CountryCodes.alpha2OfNumeric("702")).isEqualTo("SG");
        assertThat(CountryCodes.alpha2OfNumeric("840")).isEqualTo("US");
        assertThat(CountryCodes.alpha2OfNumeric("999")).isNull();
    }

    @Test
    void numericCurrencyCodesComeFromTheJdk() {
        assertThat(CurrencyCodes.alphaOfNumeric("356")).isEqualTo("INR");
        assertThat(CurrencyCodes.alphaOfNumeric("702")).isEqualTo("SGD");
        assertThat(CurrencyCodes.alphaOfNumeric("978")).isEqualTo("EUR");
        assertThat(CurrencyCodes.alphaOfNumeric("000")).isNull();
        assertThat(CurrencyCodes.alphaOfNumeric("56")).as("three digits, as DE 49 carries them").isNull();
    }
}
