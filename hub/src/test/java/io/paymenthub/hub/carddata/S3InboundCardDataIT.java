package io.paymenthub.hub.carddata;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files dropped with card numbers and tracks in clear leave nothing readable in the inbound bucket: a stored file is
 * deleted, a rejected one replaced by a wiped copy. The whole bucket is scanned afterwards.
 */
class S3InboundCardDataIT extends HubIntegrationTest {

    private static final String BUCKET = "payments-inbound";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String TRACK1 = "B" + JposMessages.VISA_TEST_PAN + "^DOE/JANE^29122011234";

    @Test
    void storedAndRejectedFilesLeaveNoClearCardDataInTheBucket() {
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String storedIso = "S3CD" + tag.substring(0, 4);
        String rejectedIso = "S3CR" + tag.substring(0, 4);
        String storedXml = "S3CD-" + tag;
        String rejectedXml = "S3CR-" + tag;
        put("inbound/" + storedIso + ".iso", JposMessages.purchase(41, JposMessages.INDIA).set(41, storedIso).set(45, TRACK1).pack());
        put("inbound/" + rejectedIso + ".iso",
                JposMessages.purchase(42, JposMessages.INDIA).set(41, rejectedIso).set(45, TRACK1).unset(11).pack());
        put("inbound/" + storedXml + ".xml", pain001("pain001-in-3tx.xml", storedXml));
        put("inbound/" + rejectedXml + ".xml", pain001("pain001-bad-ctrlsum.xml", rejectedXml));

        await().atMost(PATIENCE).until(() -> keys("inbound/").stream().noneMatch(key -> key.contains(tag.substring(0, 4))));

        assertThat(jdbc.queryForObject("select count(*) from payment where message_id like ?", Long.class, "%:" + storedIso)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from payment where message_refs->>'MsgId' = ?", Long.class, storedXml)).isEqualTo(3);
        assertThat(keys("processed/")).noneMatch(key -> key.contains(tag.substring(0, 4)));
        assertThat(keys("failed/")).contains("failed/" + rejectedIso + ".iso", "failed/" + rejectedXml + ".xml");
        assertThat(s3().headObject(head -> head.bucket(BUCKET).key("failed/" + rejectedIso + ".iso")).metadata())
                .containsEntry("hub-reason", "DE11: required");
        String failedCopy = new String(s3().getObjectAsBytes(get -> get.bucket(BUCKET).key("failed/" + rejectedIso + ".iso"))
                .asByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(failedCopy).contains(rejectedIso, "411111******1111").doesNotContain("DOE/JANE");

        for (S3Object object : s3().listObjectsV2Paginator(list -> list.bucket(BUCKET)).contents()) {
            String content = new String(s3().getObjectAsBytes(get -> get.bucket(BUCKET).key(object.key())).asByteArray(),
                    StandardCharsets.ISO_8859_1);
            assertThat(CardDataLeaks.in(object.key(), content)).isEmpty();
        }
    }

    /** A bulk file whose remittance text carries a card number and track 2, as a careless bank's export does. */
    private static byte[] pain001(String sample, String msgId) {
        try (InputStream in = S3InboundCardDataIT.class.getResourceAsStream("/samples/iso20022/" + sample)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("KTL-PAY-20251103-01", msgId)
                    .replace("Invoice 7001 yarn October", "card " + JposMessages.VISA_TEST_PAN + " t2 " + JposMessages.TRACK2);
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(String key, byte[] content) {
        s3().putObject(put -> put.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    private static S3Client s3() {
        return DevServices.get().s3().client();
    }

    private static List<String> keys(String prefix) {
        return s3().listObjectsV2(list -> list.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }
}
