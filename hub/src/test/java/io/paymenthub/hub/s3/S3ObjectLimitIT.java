package io.paymenthub.hub.s3;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.samples.JposMessages;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An s3-feed with a 1 KiB {@code maxObjectBytes} on a bucket of its own: a bulk file of a few KiB, a card number in it,
 * is refused unread: nothing of it is stored, it is deleted, and {@code failed/} holds a notice of the reason and not
 * a byte of its content; a file under the limit is stored and deleted.
 */
class S3ObjectLimitIT extends HubIntegrationTest {

    private static final String BUCKET = "payments-inbound-size-limit";
    private static final String FEED = "size-limit-s3-feed";
    private static final int LIMIT = 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** A test card number (Luhn-valid), in a remittance line of the oversized file. */
    private static final String CARD_NUMBER = "4111111111111111";

    @Autowired
    CamelContext camel;

    @AfterEach
    void removeFeed() throws Exception {
        camel.getRouteController().stopRoute(FEED);
        camel.removeRoute(FEED);
    }

    @Test
    void anObjectOverTheLimitIsRefusedAndNotKeptWhileOneUnderItIsStored() throws Exception {
        DevServices.get().s3().createBuckets(BUCKET);
        String tag = UUID.randomUUID().toString().substring(0, 4).toUpperCase();
        String bulkMsgId = "S3LIM-" + tag;
        String terminal = "S3LM" + tag;
        byte[] large = pain001(bulkMsgId, 4 * LIMIT);
        byte[] small = JposMessages.purchase(61, JposMessages.INDIA).set(41, terminal).pack();
        assertThat(small.length).as("the small file").isLessThan(LIMIT);
        long logFrom = Files.size(Path.of(LOG_FILE));
        long refused = refusedRows();

        camel.addRouteFromTemplate(FEED, "s3-feed", Map.of("bucket", BUCKET, "maxObjectBytes", String.valueOf(LIMIT)));
        camel.getRouteController().startRoute(FEED);   // the supervising route controller starts routes at start-up only
        await().atMost(PATIENCE).until(() -> camel.getRouteController().getRouteStatus(FEED) == ServiceStatus.Started);
        put("inbound/" + bulkMsgId + ".xml", large);
        put("inbound/" + terminal + ".iso", small);

        await().atMost(PATIENCE).until(() -> keys("inbound/").isEmpty() && !keys("failed/").isEmpty());
        assertThat(refusedRows()).as("dead letters recorded for the limit").isEqualTo(refused + 1);

        assertThat(jdbc.queryForObject("select count(*) from payment where message_id like ?", Long.class, "%:" + terminal))
                .as("payments of the file under the limit").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from payment where message_refs->>'MsgId' = ?", Long.class, bulkMsgId))
                .as("payments of the file over the limit").isZero();
        assertThat(keys("failed/")).containsExactly("failed/" + bulkMsgId + ".xml");
        Map<String, String> metadata = s3().headObject(head -> head.bucket(BUCKET).key("failed/" + bulkMsgId + ".xml")).metadata();
        assertThat(metadata.get("hub-reason")).contains(large.length + " bytes", "limit of " + LIMIT + " bytes",
                "hub.sources.s3.max-object-bytes");
        assertThat(metadata).containsEntry("hub-kept", "none");
        String notice = s3().getObjectAsBytes(get -> get.bucket(BUCKET).key("failed/" + bulkMsgId + ".xml")).asUtf8String();
        assertThat(notice).as("the notice left in failed/").contains("inbound/" + bulkMsgId + ".xml", "limit of " + LIMIT + " bytes")
                .doesNotContain(CARD_NUMBER, "CstmrCdtTrfInitn").hasSizeLessThan(LIMIT);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(logSince(logFrom))
                .contains("inbound/" + bulkMsgId + ".xml", "over the limit of " + LIMIT + " bytes"));
    }

    /** A valid bulk file of three payments, a card number in a comment, padded with blank lines to {@code size} bytes. */
    private static byte[] pain001(String msgId, int size) throws IOException {
        try (InputStream in = S3ObjectLimitIT.class.getResourceAsStream("/samples/iso20022/pain001-in-3tx.xml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("KTL-PAY-20251103-01", msgId)
                    + "<!-- card " + CARD_NUMBER + " -->\n";
            return (text + "\n".repeat(Math.max(0, size - text.length()))).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String logSince(long offset) throws IOException {
        byte[] log = Files.readAllBytes(Path.of(LOG_FILE));
        return new String(log, (int) Math.min(offset, log.length), (int) Math.max(0, log.length - offset), StandardCharsets.UTF_8);
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

    /** The S3 source's dead letters recorded for its object limit (the row is written before the notice). */
    private long refusedRows() {
        return jdbc.queryForObject("select count(*) from dead_letter_event where source = 's3' and reason = 'max-object-bytes'",
                Long.class);
    }
}
