package io.paymenthub.hub;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** ISO 20022 over HTTP and from S3 files: pacs.008, bulk pain.001, pacs.002, and what is refused. */
class Iso20022IT extends HubIntegrationTest {

    private static final String BUCKET = "payments-inbound";

    @Autowired
    TestRestTemplate http;

    @Test
    void aCreditTransferPostedOverHttpIsStoredThenAcceptedWithItsId() {
        String uetr = UUID.randomUUID().toString();
        ResponseEntity<String> answer = post(pacs008(uetr, "HTTP-E2E-1"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(answer.getBody()).isEqualTo("{\"message_ids\":[\"" + uetr + "\"]}");
        assertThat(jdbc.queryForMap("select status, amount_minor, currency, region, residency_field from payment where message_id = ?", uetr))
                .containsEntry("status", "RECEIVED").containsEntry("amount_minor", 150000L).containsEntry("currency", "INR")
                .containsEntry("region", "in").containsEntry("residency_field", "DbtrAgt/FinInstnId/BICFI");
    }

    @Test
    void aStatusReportRejectionUpdatesThePaymentItNames() {
        String uetr = UUID.randomUUID().toString();
        assertThat(post(pacs008(uetr, "STS-E2E-1")).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        ResponseEntity<String> answer = post(sample("pacs002-rjct.xml").replace("3f1c6a52-8d4b-4e7a-9b2f-1c0d5e6a7b81", uetr));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(jdbc.queryForMap("select status, status_reason from payment where message_id = ?", uetr))
                .containsEntry("status", "RJCT").containsEntry("status_reason", "AC04");
    }

    @Test
    void aStatusForAPaymentNotYetHereIsKeptAndAppliedWhenItArrives() {
        String uetr = UUID.randomUUID().toString();
        assertThat(post(sample("pacs002-rjct.xml").replace("3f1c6a52-8d4b-4e7a-9b2f-1c0d5e6a7b81", uetr)).getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        assertThat(jdbc.queryForObject("select status from payment_status_pending where message_id = ?", String.class, uetr))
                .isEqualTo("RJCT");

        assertThat(post(pacs008(uetr, "LATE-E2E-1")).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

        assertThat(jdbc.queryForObject("select status from payment where message_id = ?", String.class, uetr)).isEqualTo("RJCT");
        assertThat(jdbc.queryForObject("select count(*) from payment_status_pending where message_id = ?", Long.class, uetr)).isZero();
    }

    @Test
    void invalidDocumentsAreRefusedWithTheElementAndNothingIsStored() {
        long before = jdbc.queryForObject("select count(*) from payment", Long.class);
        Map<String, String> refused = Map.of(
                sample("pacs008-in.xml").replace("pacs.008.001.08", "pacs.008.001.99"), "Document",
                sample("pacs008-missing-amount.xml"), "CdtTrfTxInf/IntrBkSttlmDt",
                sample("pain001-bad-ctrlsum.xml"), "GrpHdr/CtrlSum",
                "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>", "Document",
                sample("pacs008-xxe.xml"), "Document");

        refused.forEach((document, element) -> {
            ResponseEntity<String> answer = post(document);
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(answer.getBody()).contains("\"field\":\"" + element + "\"", "\"status\":400");
            assertThat(answer.getBody()).doesNotContain("root:");   // the XXE sample points at /etc/passwd
        });
        assertThat(post(sample("pacs008-missing-amount.xml")).getBody())
                .contains("element not allowed here; expected PmtTpInf or IntrBkSttlmAmt");
        assertThat(jdbc.queryForObject("select count(*) from payment", Long.class)).isEqualTo(before);
    }

    @Test
    void submittingNeedsTheSubmitterRole() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        headers.set("X-Requested-With", "XMLHttpRequest");
        assertThat(http.exchange("/api/v1/messages", org.springframework.http.HttpMethod.POST,
                new HttpEntity<>(pacs008(UUID.randomUUID().toString(), "NOAUTH-1"), headers), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("analyst", "analyst-local").postForEntity("/api/v1/messages",
                new HttpEntity<>(pacs008(UUID.randomUUID().toString(), "ANALYST-1"), headers), String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aBulkFileDroppedInS3GivesOneRowPerTransactionAndIsDeletedOnceStored() {
        String msgId = "S3-" + UUID.randomUUID().toString().substring(0, 8);
        String key = msgId + ".xml";
        s3().putObject(put -> put.bucket(BUCKET).key("inbound/" + key),
                RequestBody.fromString(sample("pain001-in-3tx.xml").replace("KTL-PAY-20251103-01", msgId)));

        await().atMost(Duration.ofSeconds(60)).until(() -> !keys("inbound/").contains("inbound/" + key));

        assertThat(jdbc.queryForList("select message_id from payment where message_refs->>'MsgId' = ? order by message_id", String.class, msgId))
                .containsExactly(msgId + ":KTL-INV-7001", msgId + ":KTL-INV-7002", msgId + ":KTL-INV-7003");
        assertThat(keys("processed/")).doesNotContain("processed/" + key);
        String stored = String.join("\n", jdbc.queryForList(
                "select row_to_json(p)::text from payment p where message_refs->>'MsgId' = ?", String.class, msgId));
        assertThat(stored).contains("\"Cdtr/Nm\": \"S. C. M.\"", "**********7665")
                .doesNotContain("Sundaram", "Kaveri", "Erode", "50100998877665", "000405112233", "Avinashi", "Invoice 7001");
    }

    @Test
    void aBulkFileThatDoesNotReconcileLeavesAWipedCopyInFailedWithTheReasonAndStoresNothing() {
        String msgId = "S3BAD-" + UUID.randomUUID().toString().substring(0, 8);
        String key = msgId + ".xml";
        s3().putObject(put -> put.bucket(BUCKET).key("inbound/" + key),
                RequestBody.fromString(sample("pain001-bad-ctrlsum.xml").replace("KTL-PAY-20251103-01", msgId)));

        await().atMost(Duration.ofSeconds(60)).until(() -> keys("failed/").contains("failed/" + key));

        assertThat(s3().headObject(head -> head.bucket(BUCKET).key("failed/" + key)).metadata())
                .containsEntry("hub-reason", "GrpHdr/CtrlSum: declares 3750.00, the transactions add up to 3750.50");
        assertThatThrownBy(() -> s3().headObject(head -> head.bucket(BUCKET).key("inbound/" + key)))
                .isInstanceOf(NoSuchKeyException.class);
        assertThat(jdbc.queryForObject("select count(*) from payment where message_refs->>'MsgId' = ?", Long.class, msgId)).isZero();
    }

    private ResponseEntity<String> post(String document) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        return http.withBasicAuth("submitter", "submitter-local")
                .postForEntity("/api/v1/messages", new HttpEntity<>(document.getBytes(StandardCharsets.UTF_8), headers), String.class);
    }

    private static String pacs008(String uetr, String endToEnd) {
        return sample("pacs008-in.xml")
                .replaceFirst("<UETR>[^<]*</UETR>", "<UETR>" + uetr + "</UETR>")
                .replaceFirst("<EndToEndId>[^<]*</EndToEndId>", "<EndToEndId>" + endToEnd + "</EndToEndId>");
    }

    private static S3Client s3() {
        return DevServices.get().s3().client();
    }

    private static List<String> keys(String prefix) {
        return s3().listObjectsV2(list -> list.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static String sample(String name) {
        try (InputStream in = Iso20022IT.class.getResourceAsStream("/samples/iso20022/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
