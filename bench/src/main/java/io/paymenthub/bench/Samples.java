package io.paymenthub.bench;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Benchmark inputs, built once: test PANs only. */
final class Samples {

    private Samples() {
    }

    /** A 0200 purchase with PAN, track 2 and PIN block, acquired in India. */
    static byte[] iso8583Purchase() {
        IsoMessage m = new IsoMessage();
        m.setType(0x200);
        m.setCharacterEncoding("US-ASCII");
        m.setValue(2, "4111111111111111", IsoType.LLVAR, 0);
        m.setValue(3, "000000", IsoType.ALPHA, 6);
        m.setValue(4, "000000012550", IsoType.ALPHA, 12);
        m.setValue(7, "1126101500", IsoType.ALPHA, 10);
        m.setValue(11, "000123", IsoType.ALPHA, 6);
        m.setValue(19, "356", IsoType.ALPHA, 3);
        m.setValue(32, "400123", IsoType.LLVAR, 0);
        m.setValue(35, "4111111111111111D29122011234567800000", IsoType.LLVAR, 0);
        m.setValue(37, "000000000123", IsoType.ALPHA, 12);
        m.setValue(41, "TERM0001", IsoType.ALPHA, 8);
        m.setValue(49, "356", IsoType.ALPHA, 3);
        m.setValue(52, new byte[] {0x1A, 0x2B, 0x3C, 0x4D, 0x5E, 0x6F, 0x70, (byte) 0x81}, IsoType.BINARY, 8);
        return m.writeData();
    }

    static byte[] resource(String path) {
        Path file = Path.of("processors/src/test/resources/samples/iso20022", path);
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository root: " + file, e);
        }
    }

    /** A pain.001 of {@code transactions} transactions of 10.00 INR each, one debtor. */
    static byte[] pain001(int transactions) {
        StringBuilder xml = new StringBuilder(transactions * 700);
        xml.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>
                <GrpHdr><MsgId>BULK-10K</MsgId><CreDtTm>2025-11-03T09:00:00</CreDtTm><NbOfTxs>%d</NbOfTxs><CtrlSum>%d.00</CtrlSum>
                <InitgPty><Nm>Kaveri Textiles LLP</Nm></InitgPty></GrpHdr>
                <PmtInf><PmtInfId>B1</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt><Dt>2025-11-04</Dt></ReqdExctnDt>
                <Dbtr><Nm>Kaveri Textiles LLP</Nm><PstlAdr><TwnNm>Coimbatore</TwnNm><Ctry>IN</Ctry></PstlAdr></Dbtr>
                <DbtrAcct><Id><Othr><Id>000405112233</Id></Othr></Id></DbtrAcct>
                <DbtrAgt><FinInstnId><BICFI>ICICINBBXXX</BICFI></FinInstnId></DbtrAgt>
                """.formatted(transactions, transactions * 10));
        for (int i = 0; i < transactions; i++) {
            xml.append("<CdtTrfTxInf><PmtId><EndToEndId>INV-").append(i)
                    .append("</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"INR\">10.00</InstdAmt></Amt>")
                    .append("<CdtrAgt><FinInstnId><BICFI>HDFCINBBXXX</BICFI></FinInstnId></CdtrAgt>")
                    .append("<Cdtr><Nm>Supplier Number ").append(i).append(" Private Limited</Nm></Cdtr>")
                    .append("<CdtrAcct><Id><Othr><Id>5010099887").append(String.format("%04d", i % 10000)).append("</Id></Othr></Id></CdtrAcct>")
                    .append("<RmtInf><Ustrd>Invoice ").append(i).append(" for yarn delivered in October</Ustrd></RmtInf></CdtTrfTxInf>\n");
        }
        xml.append("</PmtInf></CstmrCdtTrfInitn></Document>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }
}
