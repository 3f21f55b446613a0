package io.paymenthub.hub.s3;

import io.paymenthub.hub.sources.ReadBodyWithinLimitProcessor;
import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

import java.util.Map;

/**
 * An object over its feed's size limit, moved under the failed prefix without the hub reading it: S3 copies it
 * server-side, with the reason as metadata ({@code hub-reason}, and {@code hub-wiped: false}, for it is kept as sent:
 * wiping it would mean reading it whole), then the original is deleted. Its GET stream is aborted, not drained.
 */
final class MoveOversizedS3ObjectProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(MoveOversizedS3ObjectProcessor.class);
    private static final String CONTENT_LENGTH = "CamelAwsS3ContentLength";

    private final S3Client s3;

    MoveOversizedS3ObjectProcessor(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof ResponseInputStream<?> unread) {
            unread.abort();   // closing would read the rest of the object off the connection
        }
        String bucket = exchange.getProperty(S3Configuration.BUCKET, String.class);
        String key = exchange.getProperty(ExchangeKeys.SOURCE_REF, String.class);
        String target = S3Configuration.keyUnder(exchange, S3Configuration.FAILED_PREFIX, "failed/");
        long size = exchange.getMessage().getHeader(CONTENT_LENGTH, Long.class);
        long limit = exchange.getProperty(ReadBodyWithinLimitProcessor.BODY_LIMIT, Long.class);
        String reason = "object of " + size + " bytes over the limit of " + limit + " bytes (maxObjectBytes of the feed,"
                + " by default hub.sources.s3.max-object-bytes): moved unread, not wiped";
        s3.copyObject(copy -> copy.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(target)
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of("hub-reason", reason, "hub-wiped", "false")));
        S3Configuration.delete(s3, exchange);
        log.warn("S3 object {} of bucket {} is {} bytes, over the limit of {} bytes (maxObjectBytes, by default "
                + "hub.sources.s3.max-object-bytes): moved unread to {}", key, bucket, size, limit, target);
    }
}
