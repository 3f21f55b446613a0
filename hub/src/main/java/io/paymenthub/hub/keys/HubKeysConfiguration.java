package io.paymenthub.hub.keys;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.config.HubProperties.Masking;
import io.paymenthub.hub.metrics.HubMeters;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class HubKeysConfiguration {

    @Bean
    HubKeys hubKeys(HubProperties properties, JdbcTemplate jdbc) {
        Masking masking = properties.masking();
        KeyProvider provider = switch (masking.keyProvider()) {
            case LOCAL -> new KeystoreKeyProvider(Path.of(masking.keystore().path()), masking.keystore().password(),
                    masking.keystore().createIfMissing());
            case KMS -> new KmsKeyProvider(new AwsKmsDataKeys(kmsClient(masking.kms()), masterKeyId(masking.kms())), jdbc);
            case SECRET -> new SecretKeyProvider(masking.panKeyId(), masking.panKey(), masking.payloadKeyId(), masking.payloadKey(),
                    masking.auditKeyId(), masking.auditKey(), masking.forwardKeyId(), masking.forwardKey());
        };
        return new HubKeys(provider, masking.cryptoperiod(), masking.autoRotate(), masking.refreshInterval(), Clock.systemUTC());
    }

    /**
     * The newest key's age per purpose and the cryptoperiod, so that a rule compares them: a key past its cryptoperiod
     * that auto-rotate did not replace is alerted on (docs/alerts.md).
     */
    @Bean
    MeterBinder keyMeters(HubKeys keys) {
        return registry -> {
            for (KeyPurpose purpose : KeyPurpose.values()) {
                Gauge.builder(HubMeters.KEY_AGE, keys, k -> seconds(k.newestKeyAge(purpose))).baseUnit("seconds")
                        .description("Age of the newest key of a purpose; NaN when its creation time is unknown")
                        .tag("purpose", purpose.label())
                        .register(registry);
            }
            Gauge.builder(HubMeters.KEY_CRYPTOPERIOD, keys, k -> seconds(k.cryptoperiod())).baseUnit("seconds")
                    .description("hub.masking.cryptoperiod: how long a key serves before it is rotated")
                    .register(registry);
        };
    }

    private static double seconds(Duration duration) {
        return duration == null ? Double.NaN : duration.toMillis() / 1000.0;
    }

    private static String masterKeyId(HubProperties.Kms kms) {
        if (kms.keyId() == null || kms.keyId().isBlank()) {
            throw new IllegalStateException("hub.masking.kms.key-id (the KMS key wrapping the data keys) must be set when hub.masking.key-provider=kms");
        }
        return kms.keyId();
    }

    private static KmsClient kmsClient(HubProperties.Kms kms) {
        KmsClientBuilder builder = KmsClient.builder();
        if (kms.region() != null && !kms.region().isBlank()) {
            builder.region(Region.of(kms.region()));
        }
        if (kms.endpoint() != null && !kms.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(kms.endpoint()));
        }
        return builder.build();
    }
}
