package io.paymenthub.iso8583;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.solab.iso8583.IsoMessage;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.ParserInvariants;
import io.paymenthub.payment.Payment;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Fuzzes what the ISO 8583 listener does with one frame: parse, keep a wiped copy, answer. A plain test run
 * replays the inputs under {@code src/test/resources/io/paymenthub/iso8583/Iso8583FuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes for {@code maxDuration} (docs/fuzzing.md).
 */
class Iso8583FuzzTest {

    private static final Iso8583Dialect DIALECT = Dialects.ascii1987();
    private static final Iso8583Parser PARSER = new Iso8583Parser(DIALECT);
    private static final SensitiveDataWiper WIPER = new SensitiveDataWiper(DIALECT);
    private static final AnswerIso8583Processor APPROVE = new AnswerIso8583Processor(DIALECT, AnswerIso8583Processor.APPROVED);
    private static final AnswerIso8583Processor FORMAT_ERROR = new AnswerIso8583Processor(DIALECT, AnswerIso8583Processor.FORMAT_ERROR);
    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final int[] CARD_DATA_FIELDS = {2, 35, 36, 45, 52, 55};

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = SEPARATE_THREAD)
    @DictionaryEntries({"0100", "0200", "0220", "0400", "0420", "0800", "7234054128C08000", "F23A400188E18000",
            "0000000000000000", "164111111111111111", "374111111111111111D29122011234567800000", "356", "702", "TERM0001"})
    void parseScrubAndAnswer(byte[] wire) throws Exception {
        Payment payment = ParserInvariants.readOrRejectCleanly(wire, () -> PARSER.parse(wire, Instant.EPOCH));
        ParserInvariants.fitsTheDatastore(payment);

        checkWiped(wire, WIPER.wipe(wire, MessageFormat.ISO8583));
        checkAnswer(payment == null ? FORMAT_ERROR : APPROVE, wire, payment == null ? rejection(wire) : null);
    }

    private static MessageRejected rejection(byte[] wire) {
        try {
            PARSER.parse(wire, Instant.EPOCH);
            throw new AssertionError("a message rejected once was read the second time");
        } catch (MessageRejected rejected) {
            return rejected;
        }
    }

    /** The kept copy: read field by field, no track, PIN or EMV data and the PAN truncated; else wiped by pattern. */
    private static void checkWiped(byte[] wire, byte[] kept) {
        IsoMessage original;
        try {
            original = DIALECT.readUnchecked(wire);
        } catch (MessageRejected unreadable) {
            String text = new String(kept, StandardCharsets.ISO_8859_1);
            if (PanMasking.countClearPans(text) > 0 || text.matches("(?s).*\\d{12,19}[=D]\\d{4}.*")) {
                throw new AssertionError("the pattern wipe left a clear PAN or track data");
            }
            return;
        }
        IsoMessage copy = DIALECT.readUnchecked(kept);
        if (copy.hasAnyField(35, 45, 52, 55)) {
            throw new AssertionError("the kept copy still holds track, PIN or EMV data");
        }
        if (original.hasField(2)) {
            String pan = copy.getObjectValue(2).toString();
            if (PanMasking.countClearPans(pan) > 0 || pan.chars().filter(Character::isDigit).count() > 10) {
                throw new AssertionError("the kept copy holds more of the PAN than its first six and last four digits");
            }
        }
    }

    /**
     * The answer, when there is one, is a message jPOS reads, with DE 39 and none of the card data fields; a format
     * error's DE 44 is the rejected field's number alone.
     */
    private static void checkAnswer(AnswerIso8583Processor answering, byte[] wire, MessageRejected rejected) throws Exception {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(wire);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, rejected);
        answering.process(exchange);
        byte[] answer = exchange.getMessage().getBody(byte[].class);
        if (answer == null) {
            return;
        }
        ISOMsg message = new ISOMsg();
        message.setPackager(new ISO87APackager());   // read by the independent peer, as a bank would
        message.unpack(answer);
        if (!message.hasField(39) || message.hasAny(CARD_DATA_FIELDS)) {
            throw new AssertionError("an answer without DE 39 or with card data fields");
        }
        if (message.hasField(44) && (rejected == null || !message.getString(44).matches("\\d{3}")
                || !("DE" + Integer.parseInt(message.getString(44))).equals(rejected.field()))) {
            throw new AssertionError("DE 44 holds something other than the rejected field's number");
        }
    }
}
