package io.paymenthub.iso8583;

import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each format on its own: what it admits, each way a value breaks it, and what a dialect may declare. */
class FieldFormatTest {

    @ParameterizedTest(name = "n fixed admits \"{0}\"")
    @ValueSource(strings = {"000123", "999999"})
    void nFixedAdmitsDigits(String value) {
        assertThat(violation("ALPHA", 6, "n", value)).isNull();
    }

    @ParameterizedTest(name = "n fixed refuses \"{0}\"")
    @ValueSource(strings = {"00012A", "00012 ", " 00123", "0001.3", "-00123"})
    void nFixedRefusesAnythingButDigitsEvenPadding(String value) {
        assertThat(violation("ALPHA", 6, "n", value)).isEqualTo("characters outside n (digits)");
    }

    @Test
    void nVariableAdmitsDigitsOnly() {
        assertThat(violation("LLVAR", 11, "n", "400123")).isNull();
        assertThat(violation("LLVAR", 11, "n", "40012x")).isEqualTo("characters outside n (digits)");
        assertThat(violation("LLVAR", 11, "n", "400123 ")).isNotNull();
    }

    @Test
    void aAdmitsLettersPaddedWithTrailingSpaces() {
        assertThat(violation("ALPHA", 3, "a", "ABC")).isNull();
        assertThat(violation("ALPHA", 3, "a", "ab ")).isNull();
        assertThat(violation("ALPHA", 3, "a", "A1C")).isEqualTo("characters outside a (letters)");
        assertThat(violation("ALPHA", 3, "a", " AB")).isNotNull();
        assertThat(violation("ALPHA", 3, "a", "A B")).isNotNull();
    }

    @Test
    void anAdmitsLettersAndDigitsAndNoSpaceButTrailingPaddingOfAFixedField() {
        assertThat(violation("ALPHA", 8, "an", "TERM0001")).isNull();
        assertThat(violation("ALPHA", 8, "an", "TERM01  ")).isNull();
        assertThat(violation("ALPHA", 8, "an", "TE M0001")).isEqualTo("characters outside an (letters, digits)");
        assertThat(violation("ALPHA", 8, "an", " TERM001")).isNotNull();
        assertThat(violation("ALPHA", 8, "an", "TERM-001")).isNotNull();
        assertThat(violation("LLVAR", 25, "an", "049")).isNull();
        assertThat(violation("LLVAR", 25, "an", "049 ")).as("a variable field needs no padding").isNotNull();
    }

    @Test
    void ansAdmitsPrintableAsciiWithSpacesButNoControlOrEightBitCharacters() {
        assertThat(violation("ALPHA", 40, "ans", "CORNER SHOP #1, M.G. ROAD ~ {SG}")).isNull();
        assertThat(violation("LLLVAR", 999, "ans", "B4111111111111111^DOE/JANE^29122011234")).isNull();
        assertThat(violation("ALPHA", 4, "ans", "AB\tC")).isEqualTo("characters outside ans (letters, digits, special characters)");
        assertThat(violation("ALPHA", 4, "ans", "AB" + (char) 0x7F + "C")).isNotNull();
        assertThat(violationOfBytes("ALPHA", 4, "ans", new byte[] {'A', 'B', (byte) 0xE9, 'C'})).isNotNull();
        assertThat(violationOfBytes("ALPHA", 4, "ans", new byte[] {'A', 'B', 0, 'C'})).isNotNull();
    }

    @Test
    void nsAndAsCombineTheirClasses() {
        assertThat(violation("LLVAR", 28, "ns", "4111 1111-1111")).isNull();
        assertThat(violation("LLVAR", 28, "ns", "4111A")).isEqualTo("characters outside ns (digits, special characters)");
        assertThat(violation("LLVAR", 28, "as", "DOE/JANE")).isNull();
        assertThat(violation("LLVAR", 28, "as", "DOE1")).isNotNull();
    }

    @Test
    void bIsTwoHexadecimalCharactersAByteInEitherCase() {
        assertThat(violation("BINARY", 8, "b", JposMessages.PIN_BLOCK)).isNull();
        assertThat(violation("BINARY", 8, "b", JposMessages.PIN_BLOCK.toLowerCase())).isNull();
        assertThat(violation("BINARY", 8, "b", "1A2B3C4D5E6F70ZZ")).isEqualTo("not binary (two hexadecimal characters a byte)");
        assertThat(violation("LLBIN", 99, "b", "ABCD01")).isNull();
        assertThat(violation("LLBIN", 99, "b", "ABC")).as("half a byte").isNotNull();
    }

    @Test
    void zIsTrackDigitsWithTheSeparatorAndNoSentinels() {
        assertThat(violation("LLVAR", 37, "z", JposMessages.TRACK2)).isNull();
        assertThat(violation("LLVAR", 37, "z", JposMessages.VISA_TEST_PAN + "=29122011234567800000")).isNull();
        assertThat(violation("LLLVAR", 104, "z", "01" + JposMessages.VISA_TEST_PAN + "=724724100000=0303")).isNull();
        assertThat(violation("LLVAR", 37, "z", ";" + JposMessages.TRACK2 + "?"))
                .isEqualTo("not z (track digits and the separator = or D)");
        assertThat(violation("LLVAR", 37, "z", "D" + JposMessages.TRACK2)).as("starts with the separator").isNotNull();
        assertThat(violation("LLVAR", 37, "z", JposMessages.VISA_TEST_PAN + "^2912201")).isNotNull();
        assertThat(violation("LLVAR", 37, "z", JposMessages.VISA_TEST_PAN + "d2912201")).isNotNull();
        assertThat(violation("LLVAR", 37, "z", "")).isNotNull();
    }

    @Test
    void xnIsASignThenDigits() {
        assertThat(violation("ALPHA", 9, "x+n", "C00000100")).isNull();
        assertThat(violation("ALPHA", 9, "x+n", "D00000100")).isNull();
        assertThat(violation("ALPHA", 9, "x+n", "X00000100")).isEqualTo("not x+n (C or D, then digits)");
        assertThat(violation("ALPHA", 9, "x+n", "000000100")).isNotNull();
        assertThat(violation("ALPHA", 9, "x+n", "C0000010A")).isNotNull();
        assertThat(violation("ALPHA", 9, "x+n", "C 0000100")).isNotNull();
    }

    @ParameterizedTest(name = "MMDDhhmmss {0}: {1}")
    @CsvSource({"1126101500, true", "0229235959, true", "0101000000, true", "1231235959, true",
            "1301101500, false", "0001101500, false", "0230101500, false", "0431000000, false", "1100101500, false",
            "1126241500, false", "1126106000, false", "1126101560, false", "11261015A0, false"})
    void transmissionDateAndTimeIsOnTheCalendar(String value, boolean holds) {
        String violation = violation("ALPHA", 10, "n MMDDhhmmss", value);
        if (holds) {
            assertThat(violation).isNull();
        } else {
            assertThat(violation).isEqualTo("not a date and time on the calendar (MMDDhhmmss)");
        }
    }

    @Test
    void timeOfDayRunsFromMidnightToTheLastSecond() {
        assertThat(violation("ALPHA", 6, "n hhmmss", "000000")).isNull();
        assertThat(violation("ALPHA", 6, "n hhmmss", "235959")).isNull();
        assertThat(violation("ALPHA", 6, "n hhmmss", "240000")).isEqualTo("not a time of day (hhmmss)");
        assertThat(violation("ALPHA", 6, "n hhmmss", "235960")).as("no leap second").isNotNull();
    }

    @Test
    void monthAndDayWithoutAYearAdmitTheTwentyNinthOfFebruary() {
        assertThat(violation("ALPHA", 4, "n MMDD", "0229")).isNull();
        assertThat(violation("ALPHA", 4, "n MMDD", "1231")).isNull();
        assertThat(violation("ALPHA", 4, "n MMDD", "0230")).isEqualTo("not a date on the calendar (MMDD)");
        assertThat(violation("ALPHA", 4, "n MMDD", "0631")).isNotNull();
        assertThat(violation("ALPHA", 4, "n MMDD", "0000")).isNotNull();
        assertThat(violation("ALPHA", 4, "n MMDD", "1301")).isNotNull();
    }

    @Test
    void expiryIsAYearAndAMonth() {
        assertThat(violation("ALPHA", 4, "n YYMM", "2912")).isNull();
        assertThat(violation("ALPHA", 4, "n YYMM", "0001")).as("an expiry in the past is the issuer's to decline").isNull();
        assertThat(violation("ALPHA", 4, "n YYMM", "2913")).isEqualTo("not a date on the calendar (YYMM)");
        assertThat(violation("ALPHA", 4, "n YYMM", "2900")).isNotNull();
    }

    @Test
    void withAYearTheTwentyNinthOfFebruaryNeedsALeapYear() {
        assertThat(violation("ALPHA", 6, "n YYMMDD", "240229")).isNull();
        assertThat(violation("ALPHA", 6, "n YYMMDD", "000229")).as("read as 2000").isNull();
        assertThat(violation("ALPHA", 6, "n YYMMDD", "230229")).isNotNull();
        assertThat(violation("DATE14", 0, "", "20000229120000")).isNull();
        assertThat(violation("DATE14", 0, "", "19000229120000")).as("1900 was not a leap year").isNotNull();
    }

    @Test
    void currencyIsAKnownIso4217NumericCode() {
        assertThat(violation("ALPHA", 3, "n currency", "356")).isNull();
        assertThat(violation("ALPHA", 3, "n currency", "702")).isNull();
        assertThat(violation("ALPHA", 3, "n currency", "978")).isNull();
        assertThat(violation("ALPHA", 3, "n currency", "000")).isEqualTo("not an ISO 4217 currency");
        assertThat(violation("ALPHA", 3, "n currency", "123")).isNotNull();
        assertThat(violation("ALPHA", 3, "n currency", "INR")).as("the numeric code, not the alphabetic").isNotNull();
    }

    @Test
    void countryIsAKnownIso3166NumericCode() {
        assertThat(violation("ALPHA", 3, "n country", "356")).isNull();
        assertThat(violation("ALPHA", 3, "n country", "702")).isNull();
        assertThat(violation("ALPHA", 3, "n country", "999")).isEqualTo("not an ISO 3166 country");
        assertThat(violation("ALPHA", 3, "n country", "000")).isNotNull();
        assertThat(violation("ALPHA", 3, "n country", "IND")).isNotNull();
    }

    @Test
    void aFieldWithoutFormatGetsWhatItsTypeImplies() {
        assertThat(FieldFormat.of("ALPHA", 8, "").notation()).isEqualTo("ans");
        assertThat(FieldFormat.of("LLLVAR", 999, null).notation()).isEqualTo("ans");
        assertThat(FieldFormat.of("NUMERIC", 6, "").notation()).isEqualTo("n");
        assertThat(FieldFormat.of("DATE10", 0, "").notation()).isEqualTo("n MMDDhhmmss");
        assertThat(FieldFormat.of("DATE4", 0, "").notation()).isEqualTo("n MMDD");
        assertThat(FieldFormat.of("DATE_EXP", 0, "").notation()).isEqualTo("n YYMM");
        assertThat(FieldFormat.of("TIME", 0, "").notation()).isEqualTo("n hhmmss");
        assertThat(FieldFormat.of("AMOUNT", 0, "").notation()).isEqualTo("n");
        assertThat(FieldFormat.of("BINARY", 8, "").notation()).isEqualTo("b");
        assertThat(violation("DATE4", 0, "", "0230")).isEqualTo("not a date on the calendar (MMDD)");
        assertThat(violation("NUMERIC", 6, "", "00012A")).isNotNull();
    }

    @Test
    void aDeclaredFormatTightensATextTypeOrANumericOne() {
        assertThat(FieldFormat.of("ALPHA", 3, " n   country ").notation()).isEqualTo("n country");
        assertThat(FieldFormat.of("NUMERIC", 3, "n country").notation()).isEqualTo("n country");
        assertThat(FieldFormat.of("DATE10", 0, "n MMDDhhmmss").notation()).isEqualTo("n MMDDhhmmss");
    }

    @ParameterizedTest(name = "{0} {1} format=\"{2}\" is refused")
    @CsvSource(delimiter = '|', value = {
            "ALPHA | 6 | xn", "ALPHA | 6 | n currencies", "ALPHA | 4 | n MMDDhh", "ALPHA | 4 | n MMMM",
            "ALPHA | 3 | an currency", "LLVAR | 3 | n country", "LLVAR | 9 | x+n", "ALPHA | 8 | b", "BINARY | 8 | an",
            "NUMERIC | 6 | an", "DATE10 | 0 | n MMDD", "AMOUNT | 0 | n currency", "ALPHA | 6 | n hhmmss extra",
            "LLBCDBIN | 19 | b"})
    void aDeclarationThatDoesNotFitIsRefusedAtLoad(String type, int length, String declared) {
        assertThatThrownBy(() -> FieldFormat.of(type, length, declared)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{2}: the reason does not quote the value")
    @CsvSource(delimiter = '|', value = {"LLVAR | 19 | n | 4111111111111111A", "ALPHA | 20 | an | 4111111111111111^DOE",
            "LLVAR | 37 | z | 4111111111111111^2912", "ALPHA | 3 | n currency | 9A9", "ALPHA | 3 | n country | 9A9",
            "ALPHA | 17 | x+n | 4111111111111111X", "ALPHA | 10 | n MMDDhhmmss | 4111111111"})
    void noViolationQuotesTheValue(String type, int length, String format, String value) {
        assertThat(violation(type, length, format, value)).isNotNull().doesNotContain(value).doesNotContain("4111");
    }

    private static String violation(String type, int length, String format, String value) {
        return violationOfBytes(type, length, format, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String violationOfBytes(String type, int length, String format, byte[] value) {
        byte[] wire = new byte[value.length + 4];   // the value inside a message, not at its start
        System.arraycopy(value, 0, wire, 2, value.length);
        return FieldFormat.of(type, length, format).violation(wire, 2, 2 + value.length);
    }
}
