package io.paymenthub.hub.s3;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

import java.net.URI;
import java.util.Map;

/**
 * The S3 client of the inbound drops, and the moves that acknowledge a file: to {@code processed/} once every
 * payment in it is stored, to {@code failed/} with the reason (object metadata {@code hub-reason}) when rejected.
 */
@Configuration(proxyBeanMethods = false)
public class S3Configuration {

    static final String INBOUND = "inbound/";
    /** Exchange properties naming a feed's bucket and prefixes (headers do not survive the ingest path). */
    static final String BUCKET = "hubS3Bucket";
    static final String INBOUND_PREFIX = "hubS3InboundPrefix";
    static final String PROCESSED_PREFIX = "hubS3ProcessedPrefix";
    static final String FAILED_PREFIX = "hubS3FailedPrefix";

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
    Processor moveS3ObjectToProcessed(@Lazy S3Client s3) {
        return exchange -> move(s3, exchange, PROCESSED_PREFIX, "processed/", Map.of());
    }

    @Bean
    Processor moveS3ObjectToFailed(@Lazy S3Client s3) {
        return exchange -> move(s3, exchange, FAILED_PREFIX, "failed/",
                Map.of("hub-reason", exchange.getMessage().getHeader("hub-reason", "rejected", String.class)));
    }

    /**
     * Within the feed's bucket, from its inbound prefix to its processed or failed prefix (exchange properties set by
     * the s3-feed template; the prefixes default to {@code inbound/}, {@code processed/} and {@code failed/}).
     */
    private static void move(S3Client s3, Exchange exchange, String targetProperty, String defaultTarget, Map<String, String> metadata) {
        String bucket = exchange.getProperty(BUCKET, String.class);
        String key = exchange.getProperty(ExchangeKeys.SOURCE_REF, String.class);
        String inbound = exchange.getProperty(INBOUND_PREFIX, INBOUND, String.class);
        String target = exchange.getProperty(targetProperty, defaultTarget, String.class) + key.substring(inbound.length());
        s3.copyObject(copy -> copy.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(target)
                .metadataDirective(MetadataDirective.REPLACE).metadata(metadata));
        s3.deleteObject(delete -> delete.bucket(bucket).key(key));
    }
}
