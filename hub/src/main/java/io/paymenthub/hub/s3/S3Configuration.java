package io.paymenthub.hub.s3;

import io.paymenthub.carddata.SensitiveDataWiper;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.sources.ReadBodyWithinLimitProcessor;
import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.util.Map;

/**
 * The S3 client of the inbound drops, and what acknowledges a file. A file whose every payment is stored is deleted,
 * or, where its feed asks ({@code processedCopy: wiped}), replaced by a copy with card data wiped under
 * {@code processed/}; a rejected file is replaced by a wiped copy under {@code failed/} with the reason (object
 * metadata {@code hub-reason}). The file as the bank sent it, card numbers and tracks in clear, never stays.
 */
@Configuration(proxyBeanMethods = false)
public class S3Configuration {

    static final String INBOUND = "inbound/";
    /** Exchange properties naming a feed's bucket and prefixes (headers do not survive the ingest path). */
    static final String BUCKET = "hubS3Bucket";
    static final String INBOUND_PREFIX = "hubS3InboundPrefix";
    static final String PROCESSED_PREFIX = "hubS3ProcessedPrefix";
    static final String FAILED_PREFIX = "hubS3FailedPrefix";
    /** {@code none} (the default) or {@code wiped}: whether a stored file leaves a wiped copy under its processed prefix. */
    static final String PROCESSED_COPY = "hubS3ProcessedCopy";

    /** Made only when an S3 route is: a hub whose S3 sources are all disabled never builds it. */
    @Lazy
    @Bean(destroyMethod = "close")
    S3Client hubS3Client(HubProperties properties) {
        return client(properties.sources().s3().endpoint(), properties.sources().s3().region());
    }

    /** AWS with the default credential chain (IRSA on EKS), or an S3-compatible server at {@code endpoint}. */
    public static S3Client client(String endpoint, String region) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build());
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean
    Processor acknowledgeStoredS3Object(@Lazy S3Client s3, SensitiveDataWiper wiper) {
        return exchange -> {
            if ("wiped".equals(exchange.getProperty(PROCESSED_COPY, "none", String.class))) {
                putWipedCopy(s3, wiper, exchange, PROCESSED_PREFIX, "processed/", Map.of());
            }
            delete(s3, exchange);
        };
    }

    /** The object's bytes, read only up to the feed's limit (the size S3 gave was checked before). */
    @Bean
    Processor readS3ObjectWithinLimit() {
        return new ReadBodyWithinLimitProcessor("CamelAwsS3ContentLength",
                "maxObjectBytes of the feed, by default hub.sources.s3.max-object-bytes");
    }

    @Bean
    Processor refuseOversizedS3Object(@Lazy S3Client s3) {
        return new RefuseOversizedS3ObjectProcessor(s3);
    }

    @Bean
    Processor keepWipedCopyOfRejectedS3Object(@Lazy S3Client s3, SensitiveDataWiper wiper) {
        return exchange -> {
            putWipedCopy(s3, wiper, exchange, FAILED_PREFIX, "failed/",
                    Map.of("hub-reason", exchange.getMessage().getHeader("hub-reason", "rejected", String.class)));
            delete(s3, exchange);
        };
    }

    /**
     * The file as it may be kept — sensitive authentication data wiped, PANs truncated, as in a dead letter — under
     * the feed's processed or failed prefix (exchange properties set by the s3-feed template; the prefixes default to
     * {@code inbound/}, {@code processed/} and {@code failed/}), at the key it had under the inbound prefix.
     */
    private static void putWipedCopy(S3Client s3, SensitiveDataWiper wiper, Exchange exchange, String targetProperty,
                                     String defaultTarget, Map<String, String> metadata) {
        String target = keyUnder(exchange, targetProperty, defaultTarget);
        byte[] kept = wiper.keptCopy(exchange);
        s3.putObject(put -> put.bucket(exchange.getProperty(BUCKET, String.class)).key(target).metadata(metadata),
                RequestBody.fromBytes(kept));
    }

    /** The object's key with its inbound prefix replaced by the feed's processed or failed prefix. */
    static String keyUnder(Exchange exchange, String targetProperty, String defaultTarget) {
        String key = exchange.getProperty(ExchangeKeys.SOURCE_REF, String.class);
        String inbound = exchange.getProperty(INBOUND_PREFIX, INBOUND, String.class);
        return exchange.getProperty(targetProperty, defaultTarget, String.class) + key.substring(inbound.length());
    }

    static void delete(S3Client s3, Exchange exchange) {
        s3.deleteObject(delete -> delete.bucket(exchange.getProperty(BUCKET, String.class))
                .key(exchange.getProperty(ExchangeKeys.SOURCE_REF, String.class)));
    }
}
