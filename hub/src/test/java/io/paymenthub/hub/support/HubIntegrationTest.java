package io.paymenthub.hub.support;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.hub.PaymentHubApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of the hub's integration tests: the whole hub, local profile, against the real dev servers
 * (started once per run). All subclasses share one application context.
 */
@ExtendWith(DevServicesExtension.class)
@SpringBootTest(classes = PaymentHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hub.masking.local-key-file=hub/target/test-keys.properties")
@AutoConfigureObservability(tracing = false) // metrics export is off in tests unless asked for
@ActiveProfiles("local")
public abstract class HubIntegrationTest {

    @Autowired
    protected JdbcTemplate jdbc;

    @Value("${hub.sources.kafka.brokers}")
    protected String brokers;
    @Value("${hub.sources.kafka.topic}")
    protected String topic;
    @Value("${hub.sources.kafka.group-id}")
    protected String group;
}
