package io.paymenthub.hub.support;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.hub.PaymentHubApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the hub's integration tests: the whole hub, local profile, against the real dev servers
 * (started once per run). All subclasses share one application context. Singapore's public forwarding key is
 * {@link SealKeys#SINGAPORE}'s.
 */
@ExtendWith(DevServicesExtension.class)
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"hub.masking.keystore.path=hub/target/test-keys.p12", "logging.file.name=" + HubIntegrationTest.LOG_FILE,
                // a poison message reaches the dead-letter queue after two short visibility timeouts
                "hub.sources.sqs.visibility-timeout-seconds=2",
                // above the per-grant budget (20), so that AccessGrantIT sees each limit stop searches on its own
                "hub.access.pan-search.max-per-minute=30",
                // a Kafka credential that must never show: unused on the dev broker's plain listener
                "camel.component.kafka.sasl-jaas-config=" + HubIntegrationTest.SASL_JAAS_CONFIG})
@AutoConfigureObservability(tracing = false) // metrics export is off in tests unless asked for
@ActiveProfiles("local")
public abstract class HubIntegrationTest {

    /** The shared context also logs to this file, as a deployment with {@code logging.file.name} does. */
    public static final String LOG_FILE = "hub/target/logs/hub.log";

    /** The secret part of {@link #SASL_JAAS_CONFIG}: nothing the hub shows, logs or writes may hold it. */
    public static final String SASL_PASSWORD_MARKER = "sasl-marker-7d41c9e2";
    /** The shared context's Kafka SASL configuration (the dev broker's listener is plain, so it is not used). */
    public static final String SASL_JAAS_CONFIG = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"hub\" password=\"" + SASL_PASSWORD_MARKER + "\";";

    /** One free port for the ISO 8583 listener of the shared context. */
    protected static final int ISO8583_PORT = FreePorts.next();

    @DynamicPropertySource
    static void listenerPort(DynamicPropertyRegistry registry) {
        registry.add("hub.sources.iso8583.port", () -> ISO8583_PORT);
        registry.add("hub.residency.regions.sg.seal-public-key", SealKeys::singaporePublicKey);
    }

    @Autowired
    protected JdbcTemplate jdbc;

    @Value("${hub.sources.kafka.brokers}")
    protected String brokers;
    @Value("${hub.sources.kafka.topic}")
    protected String topic;
    @Value("${hub.sources.kafka.group-id}")
    protected String group;
}
