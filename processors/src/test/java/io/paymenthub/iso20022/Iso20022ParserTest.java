package io.paymenthub.iso20022;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.OriginSignal;
import io.paymenthub.payment.Payment;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Iso20022ParserTest {

    private static final Instant RECEIVED = Instant.parse("2025-03-12T05:00:00Z");
    private static final String AMOUNT = "<IntrBkSttlmAmt Ccy=\"INR\">1500.00</IntrBkSttlmAmt>";

    private final Iso20022Parser parser = new Iso20022Parser();

    @Test
    void mapsAnIndianCreditTransferKeyedByUetr() {
        Payment payment = parser.parse(sample("pacs008-in.xml"), RECEIVED);

        assertThat(payment.messageId()).isEqualTo("3f1c6a52-8d4b-4e7a-9b2f-1c0d5e6a7b81");
        assertThat(payment.format()).isEqualTo(MessageFormat.ISO20022);
        assertThat(payment.messageType()).isEqualTo("pacs.008.001.08");
        assertThat(payment.references()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MsgId", "HDFC20250312-000417",
                "EndToEndId", "INV-2025-0312-77",
                "UETR", "3f1c6a52-8d4b-4e7a-9b2f-1c0d5e6a7b81"));
        assertThat(payment.originSignals()).containsExactly(
                new OriginSignal("DbtrAgt/FinInstnId/BICFI", "IN"),
                new OriginSignal("Dbtr/PstlAdr/Ctry", "IN"));
        assertThat(payment.amountMinor()).isEqualTo(150_000L);
        assertThat(payment.currency()).isEqualTo("INR");
        assertThat(payment.card()).isNull();
        assertThat(payment.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void mapsASingaporeCreditTransfer() {
        Payment payment = parser.parse(sample("pacs008-sg.xml"), RECEIVED);

        assertThat(payment.messageId()).isEqualTo("9b7e2d14-5c3a-4f86-a1d0-6e2b4c8f0a37");
        assertThat(payment.originSignals()).containsExactly(
                new OriginSignal("DbtrAgt/FinInstnId/BICFI", "SG"),
                new OriginSignal("Dbtr/PstlAdr/Ctry", "SG"));
        assertThat(payment.amountMinor()).isEqualTo(275_050L);
        assertThat(payment.currency()).isEqualTo("SGD");
    }

    @Test
    void withoutUetrIsKeyedByMsgIdAndEndToEndIdAndHasNoOriginSignal() {
        Payment payment = parser.parse(sample("pacs008-unknown.xml"), RECEIVED);

        assertThat(payment.messageId()).isEqualTo("CLR-20250312-000981:E2E-981-ACME");
        assertThat(payment.references()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "MsgId", "CLR-20250312-000981",
                "EndToEndId", "E2E-981-ACME"));
        assertThat(payment.originSignals()).isEmpty();
        assertThat(payment.amountMinor()).isEqualTo(98_025L);
        assertThat(payment.currency()).isEqualTo("USD");
    }

    @Test
    void debtorIbanCountryIsASignal() {
        assertThat(parser.parse(withDebtorIban("GB29NWBK60161331926819"), RECEIVED).originSignals())
                .containsExactly(new OriginSignal("DbtrAcct/Id/IBAN", "GB"));
    }

    @Test
    void readsTheDocumentInsideAnEnvelopeWithAnAppHdr() {
        String document = new String(sample("pacs008-sg.xml"), UTF_8).replaceFirst("<\\?xml[^>]*>", "");
        String enveloped = "<Envelope><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">"
                + "<BizMsgIdr>DBS-SG-20250312-88213</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr></AppHdr>"
                + document + "</Envelope>";

        assertThat(parser.parse(enveloped.getBytes(UTF_8), RECEIVED).messageId())
                .isEqualTo("9b7e2d14-5c3a-4f86-a1d0-6e2b4c8f0a37");
    }

    @Test
    void rejectsAMissingAmountNamingTheField() {
        MessageRejected rejected = rejection(sample("pacs008-missing-amount.xml"));

        assertThat(rejected.field()).isEqualTo("CdtTrfTxInf/IntrBkSttlmAmt");
        assertThat(rejected.reason()).isEqualTo("missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Ccy="INR" | 1500.001  | CdtTrfTxInf/IntrBkSttlmAmt      | more than 2 decimals for INR
            Ccy="JPY" | 1500.5    | CdtTrfTxInf/IntrBkSttlmAmt      | more than 0 decimals for JPY
            Ccy="XYZ" | 1500.00   | CdtTrfTxInf/IntrBkSttlmAmt      | unknown currency
            Ccy="INR" | -1500.00  | CdtTrfTxInf/IntrBkSttlmAmt      | negative
            ''        | 1500.00   | CdtTrfTxInf/IntrBkSttlmAmt/@Ccy | missing
            Ccy="INR" | fifteen   | CdtTrfTxInf/IntrBkSttlmAmt      | invalid value or unexpected element
            """)
    void rejectsAnAmountTheCurrencyCannotCarry(String currency, String value, String field, String reason) {
        String amount = "<IntrBkSttlmAmt " + currency + ">" + value + "</IntrBkSttlmAmt>";
        MessageRejected rejected = rejection(replace("pacs008-in.xml", AMOUNT, amount));

        assertThat(rejected.field()).isEqualTo(field);
        assertThat(rejected.reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <ChrgBr>SLEV</ChrgBr>              | <ChrgBr>NONE</ChrgBr>           | CdtTrfTxInf/ChrgBr
            <ChrgBr>SLEV</ChrgBr>              | ''                              | CdtTrfTxInf/ChrgBr
            <NbOfTxs>1</NbOfTxs>               | <NbOfTxs>2</NbOfTxs>            | GrpHdr/NbOfTxs
            <MsgId>HDFC20250312-000417</MsgId> | ''                              | GrpHdr/MsgId
            <BICFI>HDFCINBBXXX</BICFI>         | <BICFI>HDFC-IN</BICFI>          | CdtTrfTxInf/DbtrAgt/FinInstnId/BICFI
            <Ctry>IN</Ctry>                    | <Ctry>India</Ctry>              | CdtTrfTxInf/Dbtr/PstlAdr/Ctry
            3f1c6a52-8d4b-4e7a                 | 3f1c6a52-8d4b-3e7a              | CdtTrfTxInf/PmtId/UETR
            <TwnNm>Mumbai</TwnNm>              | <TwnNm>Mumbai</TwnNm><Planet/>  | CdtTrfTxInf/Dbtr/PstlAdr/Planet
            """)
    void rejectsInvalidContentNamingThePath(String from, String to, String field) {
        assertThat(rejection(replace("pacs008-in.xml", from.strip(), to.strip())).field()).isEqualTo(field);
    }

    @Test
    void rejectsMoreThanOneTransaction() {
        String xml = new String(sample("pacs008-in.xml"), UTF_8);
        String tx = xml.substring(xml.indexOf("<CdtTrfTxInf>"), xml.indexOf("</CdtTrfTxInf>") + 14);
        byte[] bulk = xml.replace("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>").replace(tx, tx + tx).getBytes(UTF_8);

        assertThat(rejection(bulk).field()).isEqualTo("CdtTrfTxInf");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            >1500.00<                            | >4111111111111111x<
            <Ctry>IN</Ctry>                      | <Ctry>4111111111111111</Ctry>
            <Nm>Aarav Mehta Traders Pvt Ltd</Nm> | <Nm>Aarav Mehta</Nm><Pan>4111111111111111</Pan>
            """)
    void rejectionTextNeverEchoesTheOffendingValue(String from, String to) {
        MessageRejected rejected = rejection(replace("pacs008-in.xml", from.strip(), to.strip()));

        assertThat(rejected.getMessage()).doesNotContain("4111111111111111", "Aarav");
    }

    @Test
    void anInvalidIbanIsRejectedWithoutEchoingIt() {
        MessageRejected rejected = rejection(withDebtorIban("4111111111111111"));

        assertThat(rejected.field()).isEqualTo("CdtTrfTxInf/DbtrAcct/Id/IBAN");
        assertThat(rejected.getMessage()).doesNotContain("4111111111111111");
    }

    @Test
    void rejectsAnExternalEntityWithoutResolvingIt() {
        MessageRejected rejected = rejection(sample("pacs008-xxe.xml"));

        assertThat(rejected.field()).isEqualTo("Document");
        assertThat(rejected.getMessage()).doesNotContain("root:");
    }

    @Test
    void neverFetchesAnEntityOrDtdFromTheNetwork() throws IOException {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            byte[] generalEntity = replace("pacs008-xxe.xml", "file:///etc/passwd", base + "/entity");
            byte[] externalDtd = replace("pacs008-in.xml",
                    "<Document ", "<!DOCTYPE Document SYSTEM \"" + base + "/dtd\">\n<Document ");

            assertThat(rejection(generalEntity).field()).isEqualTo("Document");
            assertThat(rejection(externalDtd).field()).isEqualTo("Document");
            assertThat(fetches).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09"><FIToFICstmrCdtTrf/></Document>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>
            <Document><FIToFICstmrCdtTrf/></Document>
            <invoice><total>12.00</total></invoice>
            not xml at all
            """)
    void rejectsAnythingButPacs008Version08(String document) {
        assertThat(rejection(document.getBytes(UTF_8)).field()).isEqualTo("Document");
    }

    @Test
    void namesTheMessageDefinitionFromTheNamespace() {
        assertThat(Iso20022Parser.messageDefinition(sample("pacs008-in.xml"))).contains("pacs.008.001.08");
        assertThat(Iso20022Parser.messageDefinition(
                "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10\"/>".getBytes(UTF_8)))
                .contains("pacs.002.001.10");
        assertThat(Iso20022Parser.messageDefinition("<invoice/>".getBytes(UTF_8))).isEmpty();
    }

    private MessageRejected rejection(byte[] xml) {
        MessageRejected rejected = catchThrowableOfType(MessageRejected.class, () -> parser.parse(xml, RECEIVED));
        assertThat(rejected).as("rejection").isNotNull();
        return rejected;
    }

    private static byte[] withDebtorIban(String iban) {
        return replace("pacs008-unknown.xml",
                "<Othr>\n            <Id>884412007</Id>\n          </Othr>", "<IBAN>" + iban + "</IBAN>");
    }

    private static byte[] replace(String name, String from, String to) {
        String xml = new String(sample(name), UTF_8);
        assertThat(xml).contains(from);
        return xml.replace(from, to).getBytes(UTF_8);
    }

    private static byte[] sample(String name) {
        try (InputStream in = Iso20022ParserTest.class.getResourceAsStream("/samples/iso20022/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
