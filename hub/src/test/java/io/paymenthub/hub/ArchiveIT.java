package io.paymenthub.hub;

import io.paymenthub.archive.ArchiveEnvelope;
import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.archive.RegionalArchive;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.TestGrants;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The regional archive: every object downloaded is unreadable without the key and opens to the wiped original. */
class ArchiveIT extends HubIntegrationTest {

    private static final String BUCKET = "payments-archive-in";

    @Autowired
    RegionalArchive archive;
    @Autowired
    SensitiveDataWiper wiper;
    @Autowired
    TestRestTemplate http;

    @Test
    void everyArchivedObjectHoldsNoClearPanAndOpensToTheWipedOriginal() {
        List<byte[]> sent = new ArrayList<>();
        for (int stan = 1; stan <= 20; stan++) {
            sent.add(JposMessages.purchase(stan, JposMessages.INDIA).set(41, "ARC00001")
                    .set(45, "B4111111111111111^DOE/JANE^29122011234").pack());
        }
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, sent);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from payment where message_id like '%:ARC00001'", Long.class) == 20);
        // the archive writer batches after the datastore: its index row follows the object it points to
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from archive_entry where message_id like '%:ARC00001'", Long.class) == 20);

        S3Client s3 = DevServices.get().s3().client();
        List<S3Object> objects = s3.listObjectsV2Paginator(list -> list.bucket(BUCKET).prefix("region=in/")).contents().stream().toList();
        assertThat(objects).isNotEmpty();
        for (S3Object object : objects) {
            ResponseBytes<GetObjectResponse> stored = s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(object.key()));
            assertThat(stored.response().metadata()).containsKeys(ArchiveEnvelope.KEK_ID, ArchiveEnvelope.WRAPPED_KEY);
            assertThat(CardDataLeaks.in("archive object " + object.key(), new String(stored.asByteArray(), StandardCharsets.ISO_8859_1))).isEmpty();
        }
        for (int i = 0; i < sent.size(); i++) {
            String id = String.format("0200:%06d:1126101500:400123:ARC00001", i + 1);
            String key = jdbc.queryForObject("select object_key from archive_entry where message_id = ?", String.class, id);
            assertThat(key).startsWith("region=in/date=");
            assertThat(archive.read(id)).as(id).isEqualTo(wiper.wipe(sent.get(i), MessageFormat.ISO8583));
        }
    }

    @Test
    void anAuditorWithAnArchiveOpenGrantOpensOneArchivedMessageAndAnAnalystCannot() {
        byte[] purchase = JposMessages.purchase(77, JposMessages.INDIA).set(41, "ARC00002").pack();
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, List.of(purchase));
        }
        String id = "0200:000077:1126101500:400123:ARC00002";
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from payment where message_id = ?", Long.class, id) == 1);

        TestGrants.approved(http, "auditor", "auditor-local", "archive-open", "PT15M");
        long audited = jdbc.queryForObject("select count(*) from audit_event where action = 'ARCHIVE_OPEN' and ? = any(records)", Long.class, id);
        var answer = http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/archive/" + id, String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        String base64 = answer.getBody().replaceAll(".*\"message_base64\":\"([^\"]+)\".*", "$1");
        assertThat(Base64.getDecoder().decode(base64)).isEqualTo(wiper.wipe(purchase, MessageFormat.ISO8583));
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'ARCHIVE_OPEN' and actor = 'auditor' and ? = any(records)",
                Long.class, id)).isEqualTo(audited + 1);
        assertThat(http.withBasicAuth("analyst", "analyst-local").getForEntity("/api/v1/audit/archive/" + id, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

}
