package io.paymenthub.iso20022;

import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.OriginSignal;
import io.paymenthub.payment.Payment;
import io.paymenthub.payment.StatusReport;
import io.paymenthub.payment.StatusReport.StatusUpdate;
import io.paymenthub.iso20022.Iso20022Documents.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Iso20022DocumentsTest {

    private final Iso20022Documents documents = new Iso20022Documents(Iso20022Documents.DEFAULTS);

    @Test
    void aBulkInitiationGivesOnePaymentPerTransactionWithItsDebtor() throws IOException {
        @SuppressWarnings("unchecked")
        List<Payment> payments = (List<Payment>) documents.parse(sample("pain001-in-3tx.xml"), Instant.EPOCH);

        assertThat(payments).extracting(Payment::messageId)
                .containsExactly("KTL-PAY-20251103-01:KTL-INV-7001", "KTL-PAY-20251103-01:KTL-INV-7002", "KTL-PAY-20251103-01:KTL-INV-7003");
        assertThat(payments).extracting(Payment::amountMinor).containsExactly(125025L, 100000L, 150025L);
        assertThat(payments.get(0).messageType()).isEqualTo("pain.001.001.09");
        assertThat(payments.get(0).currency()).isEqualTo("INR");
        assertThat(payments.get(0).originSignals()).containsExactly(
                new OriginSignal("DbtrAgt/FinInstnId/BICFI", "IN"), new OriginSignal("Dbtr/PstlAdr/Ctry", "IN"));
        assertThat(payments.get(0).personalData()).containsEntry("Dbtr/Nm", "Kaveri Textiles LLP")
                .containsEntry("Cdtr/Nm", "Sundaram Cotton Mills").containsEntry("RmtInf/Ustrd", "Invoice 7001 yarn October");
        assertThat(payments.get(1).personalData()).containsEntry("Cdtr/Nm", "Erode Dyeing Works").doesNotContainKey("RmtInf/Ustrd");
    }

    @Test
    void aFileThatDoesNotReconcileIsRejectedWhole() {
        assertThatThrownBy(() -> documents.parse(sample("pain001-bad-ctrlsum.xml"), Instant.EPOCH))
                .isInstanceOf(MessageRejected.class)
                .hasMessage("GrpHdr/CtrlSum: declares 3750.00, the transactions add up to 3750.50");
        String miscounted = new String(sample("pain001-in-3tx.xml"), StandardCharsets.UTF_8).replace("<NbOfTxs>3</NbOfTxs>", "<NbOfTxs>4</NbOfTxs>");
        assertThatThrownBy(() -> documents.parse(miscounted.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("GrpHdr/NbOfTxs: declares 4 transactions, the file holds 3");
    }

    @Test
    void aRejectionShowsNoCardNumberHiddenInTheDeclaredTotals() {
        String bulk = new String(sample("pain001-in-3tx.xml"), StandardCharsets.UTF_8);
        String panAsSum = bulk.replaceFirst("<CtrlSum>3750.50</CtrlSum>", "<CtrlSum>4111111111111111</CtrlSum>");
        assertThatThrownBy(() -> documents.parse(panAsSum.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("GrpHdr/CtrlSum: declares 411111******1111, the transactions add up to 3750.50");
        String trackAsCount = bulk.replaceFirst("<NbOfTxs>3</NbOfTxs>", "<NbOfTxs>4111111111111111D2912201</NbOfTxs>");
        assertThatThrownBy(() -> documents.parse(trackAsCount.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("GrpHdr/NbOfTxs: not a number of at most 15 digits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pacs.008.001.08", "pain.001.001.09", "pacs.002.001.10"})
    @Timeout(10)
    void aDocumentNestedAThousandsFoldIsRefusedAtOnce(String definition) {
        String open = "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:" + definition + "\"><FIToFICstmrCdtTrf>" + "<PmtInf>".repeat(200_000);
        String closed = open + "</PmtInf>".repeat(200_000) + "</FIToFICstmrCdtTrf></Document>";
        for (String deep : List.of(open, closed)) {
            // the schema refuses the first misplaced element; deeper than 64 levels is refused by every reader
            assertThatThrownBy(() -> documents.parse(deep.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                    .isInstanceOf(MessageRejected.class);
        }
    }

    @Test
    void anAmountWithAnExponentIsRefusedBeforeItIsSummed() {
        String bulk = new String(sample("pain001-in-3tx.xml"), StandardCharsets.UTF_8)
                .replace("<InstdAmt Ccy=\"INR\">1500.25</InstdAmt>", "<InstdAmt Ccy=\"INR\">1e1000000</InstdAmt>");
        assertThatThrownBy(() -> documents.parse(bulk.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("PmtInf/CdtTrfTxInf/Amt/InstdAmt: not a valid value of its data type");
    }

    @Test
    void aStatusReportNamesThePaymentByItsUetr() throws IOException {
        StatusReport report = (StatusReport) documents.parse(sample("pacs002-rjct.xml"), Instant.EPOCH);

        assertThat(report.reportId()).isEqualTo("ICIC-STS-20250312-0091");
        assertThat(report.updates()).containsExactly(new StatusUpdate("3f1c6a52-8d4b-4e7a-9b2f-1c0d5e6a7b81", "RJCT", "AC04"));
    }

    @Test
    void aStatusReasonLongerThanAReasonCodeIsRejected() {
        String longReason = new String(sample("pacs002-rjct.xml"), StandardCharsets.UTF_8).replace("<Cd>AC04</Cd>", "<Cd>ACCOUNT CLOSED</Cd>");

        assertThatThrownBy(() -> documents.parse(longReason.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("TxInfAndSts[1]/StsRsnInf/Rsn/Cd: not an ISO 20022 status reason code");
    }

    @Test
    void identifiersThatMakeMessageIdsAreAtMost35Characters() {
        String longId = "X".repeat(36);
        String bulk = new String(sample("pain001-in-3tx.xml"), StandardCharsets.UTF_8).replace("KTL-INV-7002", longId);
        String status = new String(sample("pacs002-rjct.xml"), StandardCharsets.UTF_8)
                .replaceAll("<OrgnlUETR>[^<]*</OrgnlUETR>", "").replace("INV-2025-0312-77", longId);

        assertThatThrownBy(() -> documents.parse(bulk.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("PmtInf[1]/CdtTrfTxInf[2]/PmtId/EndToEndId: longer than 35 characters");
        assertThatThrownBy(() -> documents.parse(status.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("TxInfAndSts[1]/OrgnlEndToEndId: longer than 35 characters");
    }

    @Test
    void anIdentifierHoldingACardNumberIsRefusedNotStoredInClear() {
        String bulk = new String(sample("pain001-in-3tx.xml"), StandardCharsets.UTF_8).replace("KTL-INV-7002", "INV-4111111111111111");
        String transfer = new String(sample("pacs008-in.xml"), StandardCharsets.UTF_8).replace("HDFC20250312-000417", "4111111111111111");

        assertThatThrownBy(() -> documents.parse(bulk.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("PmtInf[1]/CdtTrfTxInf[2]/PmtId/EndToEndId: holds a card number");
        assertThatThrownBy(() -> documents.parse(transfer.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .hasMessage("GrpHdr/MsgId: holds a card number");
    }

    @Test
    void aStatusWithoutUetrNamesThePaymentByMessageAndEndToEndId() {
        String noUetr = new String(sample("pacs002-rjct.xml"), StandardCharsets.UTF_8).replaceAll("<OrgnlUETR>[^<]*</OrgnlUETR>", "");

        StatusReport report = (StatusReport) documents.parse(noUetr.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);

        assertThat(report.updates()).extracting(StatusUpdate::paymentMessageId).containsExactly("HDFC20250312-000417:INV-2025-0312-77");
    }

    @Test
    void anotherVersionIsAConfigurationLine() {
        String v10 = new String(sample("pain001-in-3tx.xml"), StandardCharsets.UTF_8).replace("pain.001.001.09", "pain.001.001.10");

        assertThatThrownBy(() -> documents.parse(v10.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .isInstanceOf(MessageRejected.class).hasMessageStartingWith("Document: pain.001.001.10 is not accepted here");
        Iso20022Documents configured = new Iso20022Documents(Map.of("pain.001.001.10", Kind.CREDIT_TRANSFER_INITIATION));
        assertThat((List<?>) configured.parse(v10.getBytes(StandardCharsets.UTF_8), Instant.EPOCH)).hasSize(3);
    }

    @Test
    void refusesEntitiesAndNeverReadsTheFileSystem() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn><GrpHdr><MsgId>&x;</MsgId></GrpHdr></CstmrCdtTrfInitn></Document>
                """;

        assertThatThrownBy(() -> documents.parse(xxe.getBytes(StandardCharsets.UTF_8), Instant.EPOCH))
                .isInstanceOf(MessageRejected.class).hasMessageStartingWith("Document:");
    }

    private static byte[] sample(String name) {
        try (InputStream in = Iso20022DocumentsTest.class.getResourceAsStream("/samples/iso20022/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
