package io.paymenthub.iso8583;

import io.paymenthub.samples.JposMessages;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;
import org.junit.jupiter.api.Test;

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
    void leavesNoReplyForBytesThatAreNotAMessage() throws Exception {
        Exchange exchange = exchangeWith("0200 not a message".getBytes());

        new AnswerIso8583Processor(dialect, AnswerIso8583Processor.FORMAT_ERROR).process(exchange);

        assertThat(exchange.getMessage().getBody()).isNull();
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
