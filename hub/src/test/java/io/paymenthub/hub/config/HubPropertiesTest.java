package io.paymenthub.hub.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped config/application.yaml bound as the hub binds it: one default per key, and refusals that name the key. */
class HubPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HubProperties.class)
    static class Binding {
    }

    private final ApplicationContextRunner hub = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())   // ./config/application.yaml, as the jar reads it
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Binding.class);

    @Test
    void theShippedDefaultsBindAndAgreeWithWhatTheTemplatesRead() {
        hub.run(context -> {
            assertThat(context).hasNotFailed();
            HubProperties properties = context.getBean(HubProperties.class);
            assertThat(properties.sources().kafka().consumers()).isEqualTo(4);
            assertThat(properties.sources().kafka().maxPollRecords()).isEqualTo(500);
            assertThat(properties.sources().sqs().concurrentConsumers()).isEqualTo(32);
            assertThat(properties.sources().http().maxBodyBytes()).isEqualTo(16 * 1024 * 1024);
            assertThat(properties.sources().s3().maxObjectBytes()).isEqualTo(256 * 1024 * 1024);
            assertThat(properties.sources().iso8583().maxConnectionsPerAddress()).isEqualTo(64);
            assertThat(properties.delivery().timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.routes().extraDir()).isEmpty();
            assertThat(properties.security().loginThrottle().maxFailures()).isEqualTo(6);
            assertThat(properties.access().panSearch().maxPerGrant()).isEqualTo(20);
            assertThat(properties.access().panSearch().maxPerMinute()).isEqualTo(10);
            assertThat(properties.access().expirySweep()).isEqualTo(Duration.ofMinutes(1));
            assertThat(properties.audit().anchorInterval()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.audit().anchor().bucket()).isEmpty();
            assertThat(properties.audit().anchor().retention()).isEqualTo(Duration.ofDays(400));
            assertThat(properties.audit().anchor().region()).isEqualTo(properties.archive().region());
        });
    }

    @Test
    void aRegionsPublicSealKeyIsOneSettingWithABlankDefaultAndMayComeFromTheEnvironment() {
        hub.run(context -> assertThat(context.getBean(HubProperties.class).residencyPolicy().canSealFor("sg")).isFalse());
        hub.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        java.util.Map.of("HUB_RESIDENCY_REGIONS_SG_SEAL_PUBLIC_KEY", "local-forward-v1:" + "A".repeat(43) + "="))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    HubProperties properties = context.getBean(HubProperties.class);
                    assertThat(properties.residency().regions().get("sg").sealPublicKey()).startsWith("local-forward-v1:");
                    assertThat(properties.residencyPolicy().canSealFor("sg")).isTrue();
                });
    }

    @Test
    void aMisspeltKeyRefusesTheStartNamingIt() {
        hub.withPropertyValues("hub.sources.sqs.enabld=false").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("hub.sources.sqs.enabld");
        });
    }

    @Test
    void aRenamedEnvironmentVariableIsRefusedNotIgnored() {
        // HUB_ISO8583_TLS_KEYSTORE, the former name, binds to hub.iso8583.tls.keystore: a key nothing reads
        hub.withPropertyValues("hub.iso8583.tls.keystore=file:/etc/hub/tls/iso8583.p12").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("hub.iso8583.tls.keystore");
        });
    }

    @Test
    void aValueOutOfRangeRefusesTheStartNamingTheKey() {
        hub.withPropertyValues("hub.sources.sqs.wait-time-seconds=60").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("sources.sqs.waitTimeSeconds");
        });
    }

    @Test
    void moreThanTenLoginFailuresBeforeALockIsRefusedNamingTheKey() {
        hub.withPropertyValues("hub.security.login-throttle.max-failures=11").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("security.loginThrottle.maxFailures");
        });
        hub.run(context -> assertThat(context.getBean(HubProperties.class).security().loginThrottle().maxTracked()).isEqualTo(20_000));
    }

    @Test
    void aMissingDefaultIsRefusedRatherThanInvented() {
        hub.withPropertyValues("hub.delivery.timeout=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("delivery.timeout");
        });
    }
}
