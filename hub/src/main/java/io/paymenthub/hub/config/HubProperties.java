package io.paymenthub.hub.config;

import io.paymenthub.hub.access.AccessProperties;
import io.paymenthub.hub.analytics.AnalyticsProperties;
import io.paymenthub.hub.datastore.DatastoreProperties;
import io.paymenthub.hub.leaks.LeakScanProperties;
import io.paymenthub.hub.retention.RetentionProperties;
import io.paymenthub.hub.security.SecurityProperties;
import io.paymenthub.residency.ResidencyPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.util.Map;

/**
 * Everything under {@code hub.*}, bound once and validated at start-up. Each key has one default, in
 * config/application.yaml, or here where that file does not name it. A key under {@code hub.} that nothing binds
 * — a misspelt name, a setting that was renamed — refuses the start-up naming it, as does a value out of range.
 */
@Validated
@ConfigurationProperties(prefix = "hub", ignoreUnknownFields = false)
public record HubProperties(
        @NotNull Mode mode,
        @NotBlank String region,
        @Valid @NotNull Routes routes,
        @Valid @NotNull Residency residency,
        @Valid @NotNull Sources sources,
        @Valid @NotNull Iso8583 iso8583,
        @Valid @NotNull Iso20022 iso20022,
        @Valid @NotNull Archive archive,
        @Valid @NotNull Masking masking,
        @Valid @NotNull Delivery delivery,
        @Valid @NotNull DatastoreProperties datastore,
        @Valid @NotNull SecurityProperties security,
        @Valid @NotNull AccessProperties access,
        @Valid @NotNull AnalyticsProperties analytics,
        @Valid @NotNull LeakScanProperties leakScan,
        @Valid @NotNull RetentionProperties retention,
        @Valid @NotNull Audit audit,
        @Valid @NotNull Monitoring monitoring) {

    /**
     * {@code port}: a port of its own for the Prometheus scrape ({@code /actuator/prometheus} and nothing else, which
     * then is not on the main port), for a NetworkPolicy to open to the monitoring namespace only; 0: the scrape is on
     * the main port. It speaks TLS when the main port does, with the same certificate.
     */
    public record Monitoring(@Min(0) @Max(65535) int port) {
    }

    /** The largest body limit a source may set: a body within its limit is held in memory whole (1 GiB). */
    public static final int MAX_BYTES_IN_MEMORY = 1 << 30;

    /**
     * The audit chain's head, anchored outside the database every {@code anchor-interval} and at shutdown: always as a
     * log line, and where {@code anchor.bucket} is set as an S3 object under Object Lock (compliance mode) kept for
     * {@code anchor.retention}. Empty {@code anchor.endpoint}: AWS, default credential chain. The rows appended are
     * verified every {@code verify-interval} (0: never; docs/alerts.md).
     */
    public record Audit(@NotNull java.time.Duration anchorInterval, @Valid @NotNull Anchor anchor,
                        @NotNull java.time.Duration verifyInterval) {

        public record Anchor(@NotNull String bucket, String endpoint, @NotBlank String region,
                             @NotNull java.time.Duration retention) {
        }
    }

    /**
     * {@code serve} runs the hub; {@code migrate} migrates the datastore's schema as its owner and exits
     * ({@code io.paymenthub.migrate.DatabaseMigration}, chosen before anything else starts).
     */
    public enum Mode { SERVE, MIGRATE }

    /** Route files loaded beside the built-in ones: a directory of {@code *.camel.yaml}, empty for none. */
    public record Routes(@NotNull String extraDir) {
    }

    public record Residency(@NotNull Map<String, ResidencyPolicy.Region> regions, @NotBlank String quarantineUri) {
    }

    public record Sources(@Valid @NotNull Kafka kafka, @Valid @NotNull Iso8583Listener iso8583,
                          @Valid @NotNull Http http, @Valid @NotNull S3 s3, @Valid @NotNull Sqs sqs) {
    }

    /**
     * An SQS queue, read in batches of up to 10 with long polling by {@code concurrent-consumers} threads; a message
     * is deleted (in batches) only once stored, forwarded or quarantined. Empty {@code endpoint}: AWS, default
     * credential chain (IRSA on EKS).
     */
    public record Sqs(boolean enabled, @NotBlank String queue, String endpoint, @NotBlank String region,
                      @Min(1) int concurrentConsumers, @Min(1) int visibilityTimeoutSeconds,
                      @Min(0) @Max(20) int waitTimeSeconds) {
    }

    /**
     * The regional archive: every stored message, sensitive authentication data wiped, envelope-encrypted, under
     * {@code region=<id>/date=<yyyy-MM-dd>/<sha-256 of the message id>.bin} in {@code bucket}, with S3 server-side
     * encryption requested too.
     */
    public record Archive(boolean enabled, @NotBlank String bucket, String endpoint, @NotBlank String region,
                          @NotNull @Pattern(regexp = "AES256|aws:kms") String serverSideEncryption) {
    }

    /**
     * {@code POST /api/v1/messages}: a body over {@code max-body-bytes} is answered 413, refused by its
     * Content-Length before it is read, or as soon as a chunked body passes the limit.
     */
    public record Http(boolean enabled, @Min(1) @Max(MAX_BYTES_IN_MEMORY) int maxBodyBytes) {
    }

    /**
     * Files dropped under {@code inbound/} of {@code bucket}, moved to {@code processed/} or {@code failed/}.
     * An empty {@code endpoint} means AWS with the default credential chain (IRSA on EKS). An object over
     * {@code max-object-bytes} (by its listed size) is refused unread: deleted, a notice of the reason left under
     * {@code failed/}.
     */
    public record S3(boolean enabled, @NotBlank String bucket, String endpoint, @NotBlank String region,
                     @Min(1) @Max(MAX_BYTES_IN_MEMORY) int maxObjectBytes) {
    }

    /**
     * The ISO 20022 message definitions accepted and how each is read (a new version is a new line), where official
     * XSDs are placed ({@code <definition>.xsd}; without one the schema is derived from the message model), and how
     * personal data is kept.
     */
    public record Iso20022(@NotNull Map<String, io.paymenthub.iso20022.Iso20022Documents.Kind> messages,
                           java.nio.file.Path schemaDir,
                           @NotNull io.paymenthub.privacy.PersonalDataRules masking) {
    }

    /**
     * The hub's topic: {@code max-poll-records} per batch (committed together), {@code consumers} threads sharing the
     * partitions.
     */
    public record Kafka(boolean enabled, @NotBlank String brokers, @NotBlank String topic, @NotBlank String groupId,
                        @Min(1) int maxPollRecords, @Min(1) int consumers) {
    }

    /**
     * The ISO 8583 TCP listener: frames carry a 2-byte big-endian length. A connection idle for
     * {@code idle-timeout}, a frame over {@code max-frame-bytes} or a connection beyond {@code max-connections}
     * (or beyond {@code max-connections-per-address} from one remote address) is closed, so a slow or hostile client
     * cannot hold the hub's resources.
     */
    public record Iso8583Listener(boolean enabled, @NotBlank String host, @Min(1) @Max(65535) int port,
                                  @NotNull java.time.Duration idleTimeout,
                                  @Min(64) int maxFrameBytes,
                                  @Min(1) int maxConnections,
                                  @Min(1) int maxConnectionsPerAddress,
                                  @Valid @NotNull Tls tls) {
    }

    /**
     * TLS for a listener; the stores and their passwords come from a secret, never from the repository. With
     * {@code client-auth: need} (the prod profile's choice) a peer must present a certificate the truststore vouches
     * for.
     */
    public record Tls(boolean enabled, String keystore, String keystorePassword,
                      @NotBlank String keystoreType, @NotNull ClientAuth clientAuth,
                      String truststore, String truststorePassword, @NotBlank String truststoreType) {

        public enum ClientAuth { NONE, NEED }

        public Tls {
            if (enabled && clientAuth != ClientAuth.NONE && (truststore == null || truststore.isBlank())) {
                throw new IllegalArgumentException("hub.sources.iso8583.tls.truststore (the peers' CA certificates) is"
                        + " required when client-auth is " + clientAuth.name().toLowerCase(java.util.Locale.ROOT));
            }
        }

        @Override
        public String toString() {
            return "Tls[enabled=" + enabled + ", keystore=" + keystore + ", clientAuth=" + clientAuth
                    + ", truststore=" + truststore + "]";
        }
    }

    /**
     * The network dialect: a j8583 packager file, and whether its bitmap is binary rather than hex; optionally a
     * BIN table ({@code prefix,country} CSV) for the issuer-country origin signal. Where the dialect carries
     * sensitive authentication data beyond the fields always wiped is declared in its file, not here.
     */
    public record Iso8583(@NotBlank String dialect, boolean binaryBitmap, String binTable) {
    }

    /**
     * Where keys come from and how long they serve (docs/key-management.md): {@code local} is a PKCS#12 keystore
     * (created at first start when {@code keystore.create-if-missing}), {@code kms} wraps data keys under a KMS key,
     * {@code secret} reads one key per purpose from the environment ({@code HUB_MASKING_PAN_KEY}, ...; the forwarding
 * key, which opens what other regions seal for this one, is optional).
     * The newest key of a purpose older than {@code cryptoperiod} is rotated at the next refresh when
     * {@code auto-rotate} is on, and reported otherwise.
     */
    public record Masking(@NotNull KeyProvider keyProvider,
                          @NotNull java.time.Duration cryptoperiod,
                          boolean autoRotate,
                          @NotNull java.time.Duration refreshInterval,
                          @Valid @NotNull Keystore keystore,
                          @Valid @NotNull Kms kms,
                          String panKeyId, String panKey, String payloadKeyId, String payloadKey,
                          String auditKeyId, String auditKey, String forwardKeyId, String forwardKey) {

        public enum KeyProvider { LOCAL, KMS, SECRET }

        @Override
        public String toString() {
            return "Masking[keyProvider=" + keyProvider + ", cryptoperiod=" + cryptoperiod + ", autoRotate=" + autoRotate
                    + ", keystore=" + keystore + ", kms=" + kms + ", panKeyId=" + panKeyId + ", payloadKeyId=" + payloadKeyId
                    + ", auditKeyId=" + auditKeyId + ", forwardKeyId=" + forwardKeyId + "]";
        }
    }

    /** The {@code local} provider's PKCS#12 keystore; its password comes from the environment, never from a file. */
    public record Keystore(@NotBlank String path, String password, boolean createIfMissing) {
        @Override
        public String toString() {
            return "Keystore[path=" + path + ", createIfMissing=" + createIfMissing + "]";
        }
    }

    /**
     * The {@code kms} provider: {@code key-id} is the KMS key wrapping the data keys (id, ARN or alias);
     * {@code region} and {@code endpoint} empty mean the SDK's defaults (IRSA on EKS).
     */
    public record Kms(String keyId, String region, String endpoint) {
    }

    /**
     * Group commit into the datastore (rows per transaction, how long a caller may wait for one) and its circuit
     * breaker: after an outage is detected, the datastore is probed after {@code outage-backoff}, doubling up to
     * {@code outage-max-backoff}.
     */
    public record Delivery(@Min(1) int batchSize, @NotNull java.time.Duration timeout,
                           @NotNull java.time.Duration outageBackoff,
                           @NotNull java.time.Duration outageMaxBackoff) {
    }

    public ResidencyPolicy residencyPolicy() {
        return new ResidencyPolicy(region, residency.regions(), residency.quarantineUri());
    }
}
