package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.LocalSqs;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** With a bucket, each anchor is an S3 object under compliance-mode Object Lock, and verification reads it back from there. */
class AuditAnchorBucketIT extends HubIntegrationTest {

    private static final String BUCKET = "payment-hub-audit-anchors";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    @Test
    void anAnchorIsALockedObjectThatVerificationReadsBack() throws Exception {
        assertThat(http.withBasicAuth("analyst", "analyst-local")
                .getForEntity("/api/v1/payments?currency=INR&size=3", String.class).getStatusCode().value()).isEqualTo(200);
        try (S3Client s3 = DevServices.get().s3().client()) {
            try {
                s3.createBucket(create -> create.bucket(BUCKET).objectLockEnabledForBucket(true));
            } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                // wanted state
            }
            AuditAnchors anchors = new AuditAnchors(jdbc, json, "in", new HubProperties.Audit(Duration.ZERO,
                    new HubProperties.Audit.Anchor(BUCKET, DevServices.get().s3().endpoint(), LocalSqs.REGION, Duration.ofDays(400)), Duration.ZERO),
                    Clock.systemUTC());
            try {
                AuditAnchor written = anchors.anchor();

                String key = anchors.key(written.seq());
                assertThat(key).isEqualTo("audit-anchors/in/" + String.format("%020d", written.seq()) + ".json");
                var retention = s3.getObjectRetention(get -> get.bucket(BUCKET).key(key)).retention();
                assertThat(retention.mode()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
                assertThat(retention.retainUntilDate()).isAfter(written.anchoredAt().plus(Duration.ofDays(399)));
                assertThat(json.readValue(s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(key)).asByteArray(), AuditAnchor.class))
                        .isEqualTo(written);
                assertThat(anchors.newest()).isEqualTo(written);
                assertThat(anchors.place()).isEqualTo("s3://" + BUCKET + "/audit-anchors/in/");
            } finally {
                anchors.destroy();
            }
        }
    }
}
