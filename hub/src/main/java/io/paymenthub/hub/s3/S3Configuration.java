package io.paymenthub.hub.s3;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

import java.net.URI;
import java.util.Map;

/**
 * The S3 client of the inbound drop, and the moves that acknowledge a file: to {@code processed/} once every
 * payment in it is stored, to {@code failed/} with the reason (object metadata {@code hub-reason}) when rejected.
 */
@Configuration(proxyBeanMethods = false)
public class S3Configuration {

    static final String INBOUND = "inbound/";

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
    Processor moveS3ObjectToProcessed(S3Client s3, HubProperties properties) {
        return exchange -> move(s3, properties.sources().s3().bucket(), exchange, "processed/", Map.of());
    }

    @Bean
    Processor moveS3ObjectToFailed(S3Client s3, HubProperties properties) {
        return exchange -> move(s3, properties.sources().s3().bucket(), exchange, "failed/",
                Map.of("hub-reason", exchange.getMessage().getHeader("hub-reason", "rejected", String.class)));
    }

    private static void move(S3Client s3, String bucket, Exchange exchange, String prefix, Map<String, String> metadata) {
        String key = exchange.getProperty(ExchangeKeys.SOURCE_REF, String.class);
        String target = prefix + key.substring(INBOUND.length());
        s3.copyObject(copy -> copy.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(target)
                .metadataDirective(MetadataDirective.REPLACE).metadata(metadata));
        s3.deleteObject(delete -> delete.bucket(bucket).key(key));
    }
}
