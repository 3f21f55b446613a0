package io.paymenthub.ingest;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.iso20022.Iso20022Documents;
import io.paymenthub.iso8583.Dialects;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.iso8583.Iso8583Parser;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.ParserInvariants;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Fuzzes the front of the one ingest path as every source runs it: detect the format, parse with that format's
 * reader (ISO 8583, or the ISO 20022 reader the document's namespace names), keep a wiped copy. A plain test run
 * replays the inputs under {@code src/test/resources/io/paymenthub/ingest/DetectFormatFuzzTestInputs/}.
 */
class DetectFormatFuzzTest {

    private static final Iso8583Dialect DIALECT = Dialects.ascii1987();
    private static final Iso8583Parser ISO_8583 = new Iso8583Parser(DIALECT);
    private static final Iso20022Documents ISO_20022 = new Iso20022Documents(Iso20022Documents.DEFAULTS);
    private static final SensitiveDataWiper WIPER = new SensitiveDataWiper(DIALECT);

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = SEPARATE_THREAD)
    @DictionaryEntries({"0200", "0800", "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:", "pacs.008.001.08",
            "pain.001.001.09", "pacs.002.001.10", "pacs.008.001.99", "\uFEFF", "<?xml version=\"1.0\"?>", "<!DOCTYPE"})
    void detectParseAndWipe(byte[] raw) {
        MessageFormat format = ParserInvariants.readOrRejectCleanly(raw, () -> DetectFormatProcessor.sniff(raw));
        if (format == MessageFormat.ISO8583) {
            ParserInvariants.fitsTheDatastore(ParserInvariants.readOrRejectCleanly(raw, () -> ISO_8583.parse(raw, Instant.EPOCH)));
        } else if (format == MessageFormat.ISO20022) {
            ParserInvariants.fitsTheDatastore(ParserInvariants.readOrRejectCleanly(raw, () -> ISO_20022.parse(raw, Instant.EPOCH)));
        }
        // the copy a dead letter keeps (encrypted on top); text that is not ISO 8583 is wiped by pattern
        byte[] kept = WIPER.wipe(raw, format);
        if (format != MessageFormat.ISO8583 && PanMasking.countClearPans(new String(kept, StandardCharsets.ISO_8859_1)) > 0) {
            throw new AssertionError("the pattern wipe left a clear PAN");
        }
    }
}
