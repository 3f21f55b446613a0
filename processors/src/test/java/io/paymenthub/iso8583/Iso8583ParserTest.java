package io.paymenthub.iso8583;

import io.paymenthub.payment.Card;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.OriginSignal;
import io.paymenthub.payment.Payment;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.paymenthub.samples.JposMessages.INDIA;
import static io.paymenthub.samples.JposMessages.SINGAPORE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Iso8583ParserTest {

    static final Iso8583Dialect DIALECT = Dialects.ascii1987();
    private final Iso8583Parser parser = new Iso8583Parser(DIALECT);

    @Test
    void mapsAPurchaseBuiltByJpos() {
        Payment payment = parser.parse(JposMessages.purchase(123, INDIA).pack(), Instant.EPOCH);

        assertThat(payment.messageId()).isEqualTo("0200:000123:1126101500:400123:TERM0001");
        assertThat(payment.format()).isEqualTo(MessageFormat.ISO8583);
        assertThat(payment.messageType()).isEqualTo("0200");
        assertThat(payment.amountMinor()).isEqualTo(12550L);
        assertThat(payment.currency()).isEqualTo("INR");
        assertThat(payment.references()).containsEntry("DE11", "000123").containsEntry("DE37", "000000000123")
                .containsEntry("DE41", "TERM0001");
        assertThat(payment.originSignals()).containsExactly(new OriginSignal("DE19", "IN"));
        assertThat(payment.card()).isEqualTo(new Card.ClearPan(JposMessages.VISA_TEST_PAN));
    }

    @Test
    void readsABinaryBitmapWhenTheDialectSaysSo() throws Exception {
        org.jpos.iso.ISOMsg message = new org.jpos.iso.ISOMsg();
        message.setPackager(new org.jpos.iso.packager.ISO87APackager());
        message.unpack(JposMessages.purchase(55, INDIA).pack());
        message.setPackager(new org.jpos.iso.packager.ISO87APackagerBBitmap());
        Iso8583Dialect binaryBitmap = new Iso8583Dialect(
                java.nio.file.Path.of("config", "iso8583", "iso87-ascii.xml").toUri().toURL(), true);

        Payment payment = new Iso8583Parser(binaryBitmap).parse(message.pack(), Instant.EPOCH);

        assertThat(payment.messageId()).isEqualTo("0200:000055:1126101500:400123:TERM0001");
        assertThat(payment.amountMinor()).isEqualTo(12550L);
    }

    @Test
    void aRepeatHasTheSameIdempotencyKeyAsTheOriginal() {
        Payment original = parser.parse(JposMessages.purchase(7, INDIA).pack(), Instant.EPOCH);
        Payment repeat = parser.parse(JposMessages.purchase(7, INDIA).mti("0201").pack(), Instant.EPOCH);

        assertThat(repeat.messageId()).isEqualTo(original.messageId());
        assertThat(repeat.messageType()).isEqualTo("0201");
    }

    @Test
    void readsTheCountryFromTheCardAcceptorLocationWhenDe19IsAbsent() {
        String location = String.format("%-25s%-13s%s", "CORNER SHOP", "SINGAPORE", "SG");
        Payment payment = parser.parse(JposMessages.purchase(1, null).set(43, location).pack(), Instant.EPOCH);

        assertThat(payment.originSignals()).containsExactly(new OriginSignal("DE43", "SG"));
    }

    @Test
    void fallsBackToTheBinCountryOnlyWhenNoFieldNamesOne() throws Exception {
        java.nio.file.Path table = java.nio.file.Files.createTempFile("bins", ".csv");
        java.nio.file.Files.writeString(table, "# test ranges\n411111,SG\n41111111,MY\n555555,IN\n");
        Iso8583Parser withBins = new Iso8583Parser(DIALECT, BinCountries.read(table.toUri().toURL()));

        assertThat(withBins.parse(JposMessages.purchase(1, null).pack(), Instant.EPOCH).originSignals())
                .containsExactly(new OriginSignal("BIN", "MY"));
        assertThat(withBins.parse(JposMessages.purchase(1, INDIA).pack(), Instant.EPOCH).originSignals())
                .containsExactly(new OriginSignal("DE19", "IN"));
    }

    @Test
    void keepsBothSignalsInPriorityOrder() {
        String location = String.format("%-25s%-13s%s", "CORNER SHOP", "MUMBAI", "IN");
        Payment payment = parser.parse(JposMessages.purchase(1, SINGAPORE).set(43, location).pack(), Instant.EPOCH);

        assertThat(payment.originSignals()).extracting(OriginSignal::field).containsExactly("DE19", "DE43");
    }

    @Test
    void linksAReversalToItsOriginalThroughDe90() {
        String originalData = "0200" + "000123" + "1126101500" + "00000400123" + "00000000000";
        Payment reversal = parser.parse(JposMessages.purchase(124, INDIA).mti("0420").set(90, originalData).pack(), Instant.EPOCH);

        assertThat(reversal.messageId()).isEqualTo("0420:000124:1126101500:400123:TERM0001");
        assertThat(reversal.originalMessageId()).isEqualTo("0200:000123:1126101500:400123:TERM0001");
    }

    @Test
    void rejectsAMissingTraceNumberNamingTheField() {
        byte[] wire = JposMessages.purchase(1, INDIA).unset(11).pack();

        assertThatThrownBy(() -> parser.parse(wire, Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .hasMessage("DE11: required");
    }

    @Test
    void rejectsAnUnknownCountryCode() {
        byte[] wire = JposMessages.purchase(1, "999").pack();

        assertThatThrownBy(() -> parser.parse(wire, Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .extracting(e -> ((MessageRejected) e).field()).isEqualTo("DE19");
    }

    @Test
    void rejectsNetworkManagementAsNotAPayment() {
        byte[] wire = JposMessages.purchase(1, INDIA).mti("0800").pack();

        assertThatThrownBy(() -> parser.parse(wire, Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .extracting(e -> ((MessageRejected) e).field()).isEqualTo("MTI");
    }

    @Test
    void rejectsATruncatedMessageWithoutEchoingIt() {
        byte[] full = JposMessages.purchase(1, INDIA).pack();
        byte[] truncated = java.util.Arrays.copyOf(full, full.length - 30);

        assertThatThrownBy(() -> parser.parse(truncated, Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .message().doesNotContain(JposMessages.VISA_TEST_PAN);
    }

    @Test
    void rejectsAVariableFieldLongerThanTheLayoutAllows() {
        String wire = new String(JposMessages.purchase(1, INDIA).pack(), java.nio.charset.StandardCharsets.US_ASCII);
        byte[] longAcquirer = wire.replace("06400123", "15400123456789012").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> parser.parse(longAcquirer, Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .hasMessage("DE32: longer than 11 characters");
    }

    @Test
    void rejectsFieldsReadOutOfPlaceByAWrongBitmap() {
        String wire = new String(JposMessages.purchase(1, INDIA).pack(), java.nio.charset.StandardCharsets.US_ASCII);
        byte[] trailing = (wire + "0000").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] withoutPanBit = ("02003" + wire.substring(5)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> parser.parse(trailing, Instant.EPOCH)).hasMessage("bitmap: the fields it announces do not fill the message");
        assertThatThrownBy(() -> parser.parse(withoutPanBit, Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .message().doesNotContain(JposMessages.VISA_TEST_PAN);
    }

    @Test
    void rejectsAMessageTypeWithoutLayoutBeforeReadingIt() {
        byte[] wire = JposMessages.purchase(1, INDIA).mti("0300").pack();
        byte[] letters = JposMessages.purchase(1, INDIA).mti("02A0").pack();

        assertThatThrownBy(() -> parser.parse(wire, Instant.EPOCH)).hasMessage("MTI: no field layout for this message type");
        assertThatThrownBy(() -> parser.parse(letters, Instant.EPOCH)).hasMessage("MTI: not four digits");
    }
}
