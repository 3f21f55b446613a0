package io.paymenthub.iso8583;

import io.paymenthub.payment.MessageRejected;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.paymenthub.samples.JposMessages.INDIA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every data element of a message is checked against the format its dialect file declares, on the bytes as sent. */
class Iso8583DialectTest {

    private static final Iso8583Dialect DIALECT = Dialects.ascii1987();

    @Test
    void everyFieldOfEveryShippedDialectDeclaresItsFormat() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("config", "iso8583"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
                NodeList fields = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                        .getElementsByTagName("field");
                assertThat(fields.getLength()).isPositive();
                for (int i = 0; i < fields.getLength(); i++) {
                    Element field = (Element) fields.item(i);
                    assertThat(field.getAttribute("format")).as(file + " field " + field.getAttribute("num")).isNotBlank();
                }
            }
        }
    }

    @ParameterizedTest(name = "DE {0} = \"{1}\" → {2}")
    @CsvSource(delimiter = '|', value = {
            "2   | 41111111111111A1     | DE2: characters outside n (digits)",
            "4   | 00000001255A         | DE4: characters outside n (digits)",
            "7   | 1332101500           | DE7: not a date and time on the calendar (MMDDhhmmss)",
            "7   | 0230101500           | DE7: not a date and time on the calendar (MMDDhhmmss)",
            "12  | 246000               | DE12: not a time of day (hhmmss)",
            "13  | 0230                 | DE13: not a date on the calendar (MMDD)",
            "14  | 2913                 | DE14: not a date on the calendar (YYMM)",
            "15  | 0431                 | DE15: not a date on the calendar (MMDD)",
            "17  | 1301                 | DE17: not a date on the calendar (MMDD)",
            "19  | 999                  | DE19: not an ISO 3166 country",
            "20  | 35A                  | DE20: not an ISO 3166 country",
            "22  | 0 1                  | DE22: characters outside n (digits)",
            "28  | X00000100            | DE28: not x+n (C or D, then digits)",
            "32  | 40012X               | DE32: characters outside n (digits)",
            "34  | 4111A                | DE34: characters outside ns (digits, special characters)",
            "35  | ;4111111111111111=2912? | DE35: not z (track digits and the separator = or D)",
            "37  | 00000000000!         | DE37: characters outside an (letters, digits)",
            "41  | TERM\t001            | DE41: characters outside ans (letters, digits, special characters)",
            "49  | 000                  | DE49: not an ISO 4217 currency",
            "50  | INR                  | DE50: not an ISO 4217 currency",
            "51  | 12A                  | DE51: not an ISO 4217 currency",
            "73  | 230229               | DE73: not a date on the calendar (YYMMDD)",
            "90  | 0200000123112610150000000400123000000000A0 | DE90: characters outside n (digits)"})
    void aJposMessageWithABadFieldIsRejectedNamingTheFieldAndTheRuleNeverTheValue(int field, String value, String reason) {
        byte[] wire = JposMessages.purchase(1, INDIA).set(field, value.replace("\\t", "\t")).pack();

        assertThatThrownBy(() -> DIALECT.read(wire)).isInstanceOf(MessageRejected.class).hasMessage(reason);
        assertThat(DIALECT.readUnchecked(wire).hasField(field)).as("still readable to answer and wipe").isTrue();
    }

    @Test
    void aCardAcceptorNameWithAnEightBitCharacterIsNotAns() {
        byte[] wire = JposMessages.purchase(1, INDIA).set(43, String.format("%-40s", "CAFÉ KAVERI")).pack();

        assertThatThrownBy(() -> DIALECT.read(wire)).hasMessage("DE43: characters outside ans (letters, digits, special characters)");
    }

    @Test
    void aPinBlockThatIsNotHexadecimalIsNotBinary() {
        byte[] wire = edit(JposMessages.purchase(1, INDIA).pack(), JposMessages.PIN_BLOCK, "1A2B3C4D5E6F70ZZ");

        assertThatThrownBy(() -> DIALECT.read(wire)).hasMessage("DE52: not binary (two hexadecimal characters a byte)");
    }

    @Test
    void aLengthPrefixThatIsNotDigitsIsRejectedThoughJ8583ReadsIt() {
        // j8583 reads "0:" as ten ('0' * 10 + ':' - '0'), so this message fills exactly
        byte[] wire = edit(JposMessages.purchase(1, INDIA).pack(), "06400123", "0:4001234567");

        assertThat(DIALECT.readUnchecked(wire).hasField(32)).isTrue();
        assertThatThrownBy(() -> DIALECT.read(wire)).hasMessage("DE32: length prefix is not digits");
    }

    @Test
    void theFirstBadFieldByNumberIsNamed() {
        byte[] wire = JposMessages.purchase(1, INDIA).set(49, "000").set(19, "999").set(4, "ABC000000000").pack();

        assertThatThrownBy(() -> DIALECT.read(wire)).hasMessage("DE4: characters outside n (digits)");
        assertThat(DIALECT.verdicts(wire).violations()).containsOnlyKeys(4, 19, 49);
    }

    @Test
    void aValidPurchaseConformsInEveryField() {
        byte[] wire = JposMessages.purchase(1, INDIA).set(12, "235959").set(13, "0229").set(14, "2912")
                .set(43, String.format("%-25s%-13s%s", "CORNER SHOP #1", "MUMBAI", "IN"))
                .set(45, "B4111111111111111^DOE/JANE^29122011234").set(28, "D00000150").pack();

        assertThat(DIALECT.verdicts(wire).violations()).isEmpty();
        assertThat(DIALECT.read(wire).hasField(45)).isTrue();
    }

    @Test
    void aBanksDialectTightensAField() {
        byte[] freeText = JposMessages.purchase(1, INDIA).set(48, "CVV2=739 free text").pack();
        Iso8583Dialect tight = Dialects.ascii1987Edited(file -> file.replace(
                "<field num=\"48\" type=\"LLLVAR\" length=\"999\" format=\"ans\"/>",
                "<field num=\"48\" type=\"LLLVAR\" length=\"999\" format=\"an\"/>"));

        assertThat(DIALECT.read(freeText).hasField(48)).isTrue();
        assertThatThrownBy(() -> tight.read(freeText)).hasMessage("DE48: characters outside an (letters, digits)");
        assertThat(tight.read(JposMessages.purchase(1, INDIA).set(48, "0104ABCD1102XY").pack()).hasField(48)).isTrue();
    }

    @Test
    void aFieldWithoutFormatIsCheckedAsItsTypeImplies() {
        Iso8583Dialect undeclared = Dialects.ascii1987Edited(file -> file.replace(" format=\"n MMDDhhmmss\"", ""));
        byte[] tab = JposMessages.purchase(1, INDIA).set(7, "11261015\t0").pack();

        assertThat(undeclared.read(JposMessages.purchase(1, INDIA).set(7, "A126101500").pack()).hasField(7))
                .as("ALPHA implies ans only").isTrue();
        assertThatThrownBy(() -> undeclared.read(tab)).hasMessage("DE7: characters outside ans (letters, digits, special characters)");
    }

    @Test
    void aDialectFileWithAFormatThatDoesNotFitIsRefusedNamingTheField() {
        assertThatThrownBy(() -> Dialects.ascii1987Edited(file -> file.replace(
                "format=\"n currency\"/> <!-- currency code -->", "format=\"n currencies\"/>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 49").hasMessageContaining("currencies");
        assertThatThrownBy(() -> Dialects.ascii1987Edited(file -> file.replace(
                "<field num=\"52\" type=\"BINARY\" length=\"8\" format=\"b\"/>", "<field num=\"52\" type=\"BINARY\" length=\"8\" format=\"an\"/>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 52");
        assertThatThrownBy(() -> Dialects.ascii1987Edited(file -> file.replace(
                "<format-error-answer field=\"44\"/>", "<format-error-answer field=\"52\"/>")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format-error-answer");
    }

    private static byte[] edit(byte[] wire, String from, String to) {
        String text = new String(wire, StandardCharsets.US_ASCII);
        assertThat(text).contains(from);
        return text.replace(from, to).getBytes(StandardCharsets.US_ASCII);
    }
}
