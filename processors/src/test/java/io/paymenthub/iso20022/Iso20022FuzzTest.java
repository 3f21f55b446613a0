package io.paymenthub.iso20022;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paymenthub.payment.ParserInvariants;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD;

/**
 * Fuzzes each ISO 20022 reader on its own, past the message-definition check, so the fuzzer spends its time in the
 * reader. A plain test run replays the inputs under {@code src/test/resources/io/paymenthub/iso20022/Iso20022FuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} Jazzer fuzzes one method for {@code maxDuration} (docs/fuzzing.md).
 */
class Iso20022FuzzTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-12T05:00:00Z");
    private static final Iso20022Parser PACS_008 = new Iso20022Parser();
    private static final Pain001Parser PAIN_001 = new Pain001Parser();
    private static final Pacs002Parser PACS_002 = new Pacs002Parser();

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = SEPARATE_THREAD)
    @DictionaryEntries({"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">", "</Document>",
            "<CdtTrfTxInf>", "<IntrBkSttlmAmt Ccy=\"", "</IntrBkSttlmAmt>", "<NbOfTxs>", "<UETR>", "<BICFI>", "<IBAN>",
            "<Ctry>", "<ChrgBr>", "<![CDATA[", "]]>", "&#x34;", "&amp;", "<!DOCTYPE", "<?xml", "1E+999999999",
            "4111111111111111", "xsi:nil=\"true\"", "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""})
    void pacs008(byte[] xml) {
        ParserInvariants.fitsTheDatastore(ParserInvariants.readOrRejectCleanly(xml, () -> PACS_008.parse(xml, RECEIVED)));
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = SEPARATE_THREAD)
    @DictionaryEntries({"<PmtInf>", "</PmtInf>", "<CdtTrfTxInf>", "</CdtTrfTxInf>", "<NbOfTxs>", "</NbOfTxs>",
            "<CtrlSum>", "</CtrlSum>", "<InstdAmt Ccy=\"", "</InstdAmt>", "<Amt>", "<EndToEndId>", "<UETR>", "<BICFI>",
            "<IBAN>", "<Ctry>", "<![CDATA[", "]]>", "&#x34;", "<!DOCTYPE", "1E+999999999", "1E-999999999", "-0.01",
            "4111111111111111", "9999999999999999999"})
    void pain001(byte[] xml) {
        ParserInvariants.fitsTheDatastore(ParserInvariants.readOrRejectCleanly(xml, () -> PAIN_001.parse(xml, "pain.001.001.09", RECEIVED)));
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = SEPARATE_THREAD)
    @DictionaryEntries({"<TxInfAndSts>", "</TxInfAndSts>", "<TxSts>", "<OrgnlUETR>", "<OrgnlEndToEndId>",
            "<OrgnlGrpInf>", "<OrgnlMsgId>", "<OrgnlGrpInfAndSts>", "<StsRsnInf>", "<Rsn>", "<Cd>", "<MsgId>",
            "<![CDATA[", "]]>", "&#x34;", "<!DOCTYPE", "4111111111111111"})
    void pacs002(byte[] xml) {
        ParserInvariants.fitsTheDatastore(ParserInvariants.readOrRejectCleanly(xml, () -> PACS_002.parse(xml)));
    }
}
