package io.paymenthub.hub.keys;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.LocalPostgres;
import io.paymenthub.hub.PaymentHubApplication;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The kms provider through the real AWS SDK client, against {@link FakeKmsServer} (no KMS-compatible server can be
 * run here) and the real datastore holding the wrapped keys.
 */
@ExtendWith(DevServicesExtension.class)
class KmsKeyProviderIT {

    FakeKmsServer kms;
    KmsClient client;
    JdbcTemplate jdbc;
    /** A datastore of its own: the kms hub's audit rows are chained under keys the shared hub does not hold. */
    LocalPostgres postgres;

    @BeforeEach
    void start() throws Exception {
        postgres = DevServices.get().regionDatastore("kms");
        var dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .placeholders(java.util.Map.of("app_role", "")).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        jdbc.update("delete from hub_data_key");
        kms = new FakeKmsServer();
        client = KmsClient.builder()
                .endpointOverride(URI.create(kms.endpoint()))
                .region(Region.AP_SOUTH_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        kms.close();
    }

    KmsKeyProvider provider() {
        return new KmsKeyProvider(new AwsKmsDataKeys(client, FakeKmsServer.ALIAS), jdbc);
    }

    @Test
    void firstStartGeneratesDataKeysInKmsAndStoresOnlyTheirWrappedForm() {
        KeyRing ring = new KeyRing(provider().load());

        assertThat(ring.newest(KeyPurpose.PAN).id()).isEqualTo("kms-pan-v1");
        assertThat(ring.newest(KeyPurpose.PAYLOAD).id()).isEqualTo("kms-payload-v1");
        assertThat(ring.newest(KeyPurpose.FORWARD).id()).isEqualTo("kms-forward-v1");
        assertThat(ring.forwardPublicKey()).hasValueSatisfying(key -> assertThat(key.keyId()).isEqualTo("kms-forward-v1"));
        assertThat(ring.newest(KeyPurpose.AUDIT).id()).isEqualTo("kms-audit-v1");
        assertThat(ring.newest(KeyPurpose.AUDIT).check()).isNotEqualTo(ring.newest(KeyPurpose.PAN).check());
        assertThat(kms.calls).filteredOn("TrentService.GenerateDataKey"::equals).hasSize(4);
        assertThat(kms.requests.get(0).path("KeySpec").asText()).isEqualTo("AES_256");
        assertThat(kms.requests.get(0).path("EncryptionContext").path("hub-key-id").asText()).startsWith("kms-");

        List<Map<String, Object>> rows = jdbc.queryForList("select key_id, master_key_id, wrapped_key from hub_data_key order by key_id");
        assertThat(rows).extracting(r -> r.get("master_key_id")).containsOnly(FakeKmsServer.ARN);
        byte[] wrapped = (byte[]) rows.stream().filter(r -> "kms-pan-v1".equals(r.get("key_id"))).findFirst().orElseThrow().get("wrapped_key");
        byte[] clear = ring.newest(KeyPurpose.PAN).material().secret();
        assertThat(wrapped).hasSizeGreaterThan(32).isNotEqualTo(clear);
        assertThat(new String(wrapped, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(clear, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void aHubConfiguredForKmsGeneratesItsKeysAtFirstStartAndTokenizesWithThem() {
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0",
                        "--camel.main.name=payment-hub-kms",
                        "--hub.sources.iso8583.enabled=false",
                        "--hub.sources.kafka.enabled=false",
                        "--hub.masking.key-provider=kms",
                        "--hub.masking.kms.key-id=" + FakeKmsServer.ALIAS,
                        "--hub.masking.kms.endpoint=" + kms.endpoint(),
                        "--hub.masking.kms.region=ap-south-1",
                        "--spring.datasource.url=" + postgres.jdbcUrl(),
                        "--spring.datasource.username=" + postgres.username(),
                        "--spring.datasource.password=" + postgres.password())) {
            HubKeys keys = hub.getBean(HubKeys.class);

            assertThat(keys.providerName()).isEqualTo("kms");
            assertThat(keys.newestPanTokenizer().keyId()).isEqualTo("kms-pan-v1");
            assertThat(keys.payloadSealer().keyId()).isEqualTo("kms-payload-v1");
            assertThat(jdbc.queryForList("select key_id from hub_data_key order by key_id", String.class))
                    .containsExactly("kms-audit-v1", "kms-forward-v1", "kms-pan-v1", "kms-payload-v1");
        }
    }

    @Test
    void anotherReplicaUnwrapsTheSameKeysWithoutGeneratingNewOnes() {
        String check = new KeyRing(provider().load()).newest(KeyPurpose.PAN).check();
        kms.calls.clear();

        KeyRing second = new KeyRing(provider().load());

        assertThat(second.newest(KeyPurpose.PAN).check()).isEqualTo(check);
        assertThat(kms.calls).containsOnly("TrentService.Decrypt");
    }

    @Test
    void rotationAddsAVersionAndOlderVersionsStayForLookups() {
        KmsKeyProvider provider = provider();
        KeyRing before = new KeyRing(provider.load());
        String oldToken = before.newestPanTokenizer().token("4111111111111111");

        provider.create(KeyPurpose.PAN);
        KeyRing after = new KeyRing(provider.load());

        assertThat(after.newest(KeyPurpose.PAN).id()).isEqualTo("kms-pan-v2");
        assertThat(after.panTokenizers()).extracting(t -> t.token("4111111111111111"))
                .contains(oldToken).hasSize(2);
    }

    @Test
    void aWrappedKeyMovedToAnotherRowDoesNotUnwrap() {
        provider().load();
        jdbc.update("update hub_data_key set wrapped_key = (select wrapped_key from hub_data_key where key_id = 'kms-payload-v1') where key_id = 'kms-pan-v1'");

        assertThatThrownBy(() -> provider().load()).hasMessageContaining("kms-pan-v1 does not unwrap")
                .hasCauseInstanceOf(software.amazon.awssdk.services.kms.model.InvalidCiphertextException.class);
    }

    @Test
    void destroyingAVersionErasesItsWrappedKeyAndKeepsTheRecord() {
        KmsKeyProvider provider = provider();
        provider.load();
        provider.create(KeyPurpose.PAN);

        provider.destroy("kms-pan-v1");

        assertThat(provider.load()).extracting(ManagedKey::id).containsExactlyInAnyOrder("kms-pan-v2", "kms-payload-v1", "kms-forward-v1", "kms-audit-v1");
        assertThat(jdbc.queryForMap("select wrapped_key, destroyed_at from hub_data_key where key_id = 'kms-pan-v1'"))
                .containsEntry("wrapped_key", null).extractingByKey("destroyed_at").isNotNull();
    }
}
