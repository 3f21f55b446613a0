package io.paymenthub.hub.s3;

import io.paymenthub.hub.sources.ReadBodyWithinLimitProcessor;
import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An object over its feed's size limit, refused without the hub reading it. Its content cannot be wiped without
 * reading it whole, and the file as sent may hold card numbers in clear, so it is not kept: under the failed prefix
 * the hub leaves a notice of the same name, holding only the reason (also in {@code hub-reason}, with
 * {@code hub-kept: none}), and the original is deleted. Its GET stream is aborted, not drained.
 */
final class RefuseOversizedS3ObjectProcessor implements Processor {

    private static final Logger log = LoggerFactory.getLogger(RefuseOversizedS3ObjectProcessor.class);
    private static final String CONTENT_LENGTH = "CamelAwsS3ContentLength";

    private final S3Client s3;

    RefuseOversizedS3ObjectProcessor(S3Client s3) {
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
                + " by default hub.sources.s3.max-object-bytes): refused unread, content not kept";
        s3.putObject(put -> put.bucket(bucket).key(target).contentType("text/plain; charset=utf-8")
                        .metadata(Map.of("hub-reason", reason, "hub-kept", "none")),
                RequestBody.fromString(key + ": " + reason + "\n", StandardCharsets.UTF_8));
        S3Configuration.delete(s3, exchange);
        log.warn("S3 object {} of bucket {} is {} bytes, over the limit of {} bytes (maxObjectBytes, by default "
                + "hub.sources.s3.max-object-bytes): refused unread and deleted, notice left at {}", key, bucket, size, limit, target);
    }
}
