package io.paymenthub.iso8583;

import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.Payment;
import io.paymenthub.samples.JposMessages;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;
import org.jpos.iso.packager.ISO87APackagerBBitmap;
import org.junit.jupiter.api.Test;

import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each ISO 8583 listener reads, scrubs and answers its connections in the field layout it names. */
class Iso8583DialectsTest {

    private static final String DEFAULT = "file:config/iso8583/iso87-ascii.xml";
    private static final String BANK = "file:config/iso8583/bank-binary-bitmap.xml";

    private final AtomicInteger reads = new AtomicInteger();
    private final Iso8583Dialects dialects = new Iso8583Dialects(DEFAULT, Dialects.ascii1987(), location -> {
        reads.incrementAndGet();
        return binaryBitmap();
    });
    private final ParseIso8583Processor parse = new ParseIso8583Processor(dialects, new Iso8583Parser(Dialects.ascii1987()));

    @Test
    void aMessageFromAListenerIsReadInThatListenersLayoutWhichIsReadOnce() throws Exception {
        byte[] wire = withBinaryBitmap(JposMessages.purchase(77, JposMessages.INDIA).pack());

        for (int i = 0; i < 2; i++) {
            Exchange exchange = exchange(wire, BANK);
            parse.process(exchange);
            Payment payment = (Payment) exchange.getMessage().getBody(List.class).get(0);
            assertThat(payment.messageId()).isEqualTo("0200:000077:1126101500:400123:TERM0001");
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void withoutANamedLayoutOrNamingTheDefaultTheDefaultIsUsed() {
        byte[] wire = withBinaryBitmap(JposMessages.purchase(78, JposMessages.INDIA).pack());

        assertThatThrownBy(() -> parse.process(exchange(wire, null))).isInstanceOf(MessageRejected.class);
        assertThatThrownBy(() -> parse.process(exchange(wire, DEFAULT))).isInstanceOf(MessageRejected.class);
        assertThat(reads).hasValue(0);
    }

    @Test
    void theAnswerIsWrittenInTheListenersLayout() throws Exception {
        Exchange exchange = exchange(withBinaryBitmap(JposMessages.purchase(79, JposMessages.INDIA).pack()), BANK);

        new AnswerIso8583Processor(dialects, AnswerIso8583Processor.APPROVED).process(exchange);

        ISOMsg answer = new ISOMsg();
        answer.setPackager(new ISO87APackagerBBitmap());
        answer.unpack(exchange.getMessage().getBody(byte[].class));
        assertThat(answer.getMTI()).isEqualTo("0210");
        assertThat(answer.getString(39)).isEqualTo("00");
    }

    private static Exchange exchange(byte[] body, String dialect) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        exchange.setProperty(ExchangeKeys.ISO8583_DIALECT, dialect);
        return exchange;
    }

    private static byte[] withBinaryBitmap(byte[] ascii) {
        try {
            ISOMsg message = new ISOMsg();
            message.setPackager(new ISO87APackager());
            message.unpack(ascii);
            message.setPackager(new ISO87APackagerBBitmap());
            return message.pack();
        } catch (org.jpos.iso.ISOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Iso8583Dialect binaryBitmap() {
        try {
            return new Iso8583Dialect(Path.of("config", "iso8583", "iso87-ascii.xml").toUri().toURL(), true);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
