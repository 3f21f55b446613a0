package io.paymenthub.iso8583;

import io.paymenthub.payment.MessageRejected;
import io.paymenthub.samples.JposMessages;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerIso8583ProcessorTest {

    private final Iso8583Dialect dialect = Dialects.ascii1987();

    @Test
    void answersWithTheResponseMtiEchoingTheMatchingFieldsButNoCardData() throws Exception {
        Exchange exchange = exchangeWith(JposMessages.purchase(321, JposMessages.INDIA).pack());

        new AnswerIso8583Processor(dialect, AnswerIso8583Processor.SYSTEM_MALFUNCTION).process(exchange);

        ISOMsg answer = new ISOMsg();
        answer.setPackager(new ISO87APackager());
        answer.unpack(exchange.getMessage().getBody(byte[].class));
        assertThat(answer.getMTI()).isEqualTo("0210");
        assertThat(answer.getString(39)).isEqualTo("96");
        assertThat(answer.getString(11)).isEqualTo("000321");
        assertThat(answer.getString(37)).isEqualTo("000000000321");
        assertThat(answer.getString(41)).isEqualTo("TERM0001");
        assertThat(answer.getString(4)).isEqualTo("000000012550");
        assertThat(answer.hasAny(new int[] {2, 35, 45, 52, 55})).isFalse();
    }

    @Test
    void aRequestWithBadFieldsIsAnsweredWithoutEchoingThem() throws Exception {
        String wire = new String(JposMessages.purchase(322, JposMessages.INDIA).set(4, "00000001255A").pack(),
                java.nio.charset.StandardCharsets.US_ASCII);
        byte[] longAcquirer = wire.replace("06400123", "55" + "4".repeat(55)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Exchange exchange = exchangeWith(longAcquirer);

        new AnswerIso8583Processor(dialect, AnswerIso8583Processor.FORMAT_ERROR).process(exchange);

        ISOMsg answer = unpack(exchange.getMessage().getBody(byte[].class));
        assertThat(answer.getString(39)).isEqualTo("30");
        assertThat(answer.getString(11)).isEqualTo("000322");
        assertThat(answer.getString(41)).isEqualTo("TERM0001");
        assertThat(answer.hasAny(new int[] {4, 32})).as("neither the letters of DE 4 nor the 55 digits of DE 32").isFalse();
    }

    @Test
    void aFormatErrorNamesTheRejectedFieldsNumberInDe44AndNeverItsValue() throws Exception {
        byte[] request = JposMessages.purchase(323, JposMessages.INDIA).set(49, "000").pack();
        MessageRejected rejected = rejection(request);

        ISOMsg answer = answer(dialect, request, rejected);

        assertThat(rejected).hasMessage("DE49: not an ISO 4217 currency");
        assertThat(answer.getMTI()).isEqualTo("0210");
        assertThat(answer.getString(39)).isEqualTo("30");
        assertThat(answer.getString(44)).isEqualTo("049");
        assertThat(answer.hasField(49)).as("the bad currency is not echoed").isFalse();
        assertThat(answer.getString(11)).isEqualTo("000323");
    }

    @Test
    void aDialectWithoutTheSettingAnswersAFormatErrorWithDe39Alone() throws Exception {
        Iso8583Dialect silent = Dialects.ascii1987Edited(file -> file.replace("<format-error-answer field=\"44\"/>", ""));
        byte[] request = JposMessages.purchase(324, JposMessages.INDIA).set(7, "1332101500").pack();

        ISOMsg answer = answer(silent, request, rejection(request));

        assertThat(answer.getString(39)).isEqualTo("30");
        assertThat(answer.hasField(44)).isFalse();
        assertThat(answer.hasField(7)).isFalse();
    }

    @Test
    void aRejectionThatNamesNoDataElementAndAnAnswerOtherThan30CarryNoDe44() throws Exception {
        byte[] request = JposMessages.purchase(325, JposMessages.INDIA).pack();

        ISOMsg notAPayment = answer(dialect, request, new MessageRejected("MTI", "not a payment request or advice"));
        Exchange exchange = exchangeWith(request);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new MessageRejected("DE49", "stale"));
        new AnswerIso8583Processor(dialect, AnswerIso8583Processor.SYSTEM_MALFUNCTION).process(exchange);

        assertThat(notAPayment.getString(39)).isEqualTo("30");
        assertThat(notAPayment.hasField(44)).isFalse();
        assertThat(unpack(exchange.getMessage().getBody(byte[].class)).hasField(44)).isFalse();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"0200, 0210", "0201, 0210", "0220, 0230", "0221, 0230", "0400, 0410", "0401, 0410", "0420, 0430",
            "0421, 0430", "0100, 0110", "0101, 0110", "0120, 0130", "0121, 0130", "0800, 0810"})
    void aRepeatIsAnsweredWithTheResponseMtiOfItsFirstCopy(String request, String response) throws Exception {
        Exchange exchange = exchangeWith(JposMessages.purchase(326, JposMessages.INDIA).mti(request).pack());

        new AnswerIso8583Processor(dialect, AnswerIso8583Processor.APPROVED).process(exchange);

        assertThat(unpack(exchange.getMessage().getBody(byte[].class)).getMTI()).isEqualTo(response);
    }

    @Test
    void aRepeatOfARejectedRequestGetsTheAnswerItsFirstCopyGot() throws Exception {
        byte[] first = JposMessages.purchase(327, JposMessages.INDIA).set(19, "999").pack();
        byte[] repeat = JposMessages.purchase(327, JposMessages.INDIA).set(19, "999").mti("0201").pack();

        assertThat(rejection(repeat)).hasMessage(rejection(first).getMessage());
        assertThat(answerBytes(dialect, repeat, rejection(repeat))).isEqualTo(answerBytes(dialect, first, rejection(first)));
        assertThat(answer(dialect, repeat, rejection(repeat)).getString(44)).isEqualTo("019");
    }

    @Test
    void leavesNoReplyForBytesThatAreNotAMessage() throws Exception {
        Exchange exchange = exchangeWith("0200 not a message".getBytes());

        new AnswerIso8583Processor(dialect, AnswerIso8583Processor.FORMAT_ERROR).process(exchange);

        assertThat(exchange.getMessage().getBody()).isNull();
    }

    private static MessageRejected rejection(byte[] request) {
        try {
            new Iso8583Parser(Dialects.ascii1987()).parse(request, Instant.EPOCH);
        } catch (MessageRejected rejected) {
            return rejected;
        }
        throw new AssertionError("the request was accepted");
    }

    /** The answer the listener's rejected path gives: the rejection is on the exchange, as error handling leaves it. */
    private static byte[] answerBytes(Iso8583Dialect dialect, byte[] request, MessageRejected rejected) {
        Exchange exchange = exchangeWith(request);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, rejected);
        new AnswerIso8583Processor(dialect, AnswerIso8583Processor.FORMAT_ERROR).process(exchange);
        return exchange.getMessage().getBody(byte[].class);
    }

    private static ISOMsg answer(Iso8583Dialect dialect, byte[] request, MessageRejected rejected) throws Exception {
        return unpack(answerBytes(dialect, request, rejected));
    }

    private static ISOMsg unpack(byte[] wire) throws Exception {
        ISOMsg answer = new ISOMsg();
        answer.setPackager(new ISO87APackager());
        answer.unpack(wire);
        return answer;
    }

    private static Exchange exchangeWith(byte[] body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        return exchange;
    }
}
