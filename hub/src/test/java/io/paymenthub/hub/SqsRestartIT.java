package io.paymenthub.hub;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub stopped while SQS messages are in flight, then started again: every message is stored exactly once. */
@ExtendWith(DevServicesExtension.class)
class SqsRestartIT {

    private static final String QUEUE = "payments-restart";
    private static final String TERMINAL = "SQR00001";
    private static final int MESSAGES = 1000;

    @Test
    void aRestartWithMessagesInFlightLosesNothingAndDuplicatesNothing() {
        String url = DevServices.get().sqs().createQueue(QUEUE);
        try (SqsClient sqs = DevServices.get().sqs().client()) {
            for (int first = 1; first <= MESSAGES; first += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int stan = first; stan < first + 10; stan++) {
                    byte[] purchase = JposMessages.purchase(stan, JposMessages.INDIA).set(41, TERMINAL).pack();
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + stan)
                            .messageBody(new String(purchase, StandardCharsets.US_ASCII)).build());
                }
                sqs.sendMessageBatch(batch -> batch.queueUrl(url).entries(entries));
            }
        }
        JdbcTemplate jdbc = datastore();

        try (ConfigurableApplicationContext first = startHub()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> stored(jdbc), n -> n >= 100);
        }
        long storedBeforeRestart = stored(jdbc);

        try (ConfigurableApplicationContext second = startHub()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> stored(jdbc), n -> n == MESSAGES);
            assertThat(storedBeforeRestart).isLessThan(MESSAGES);
            assertThat(jdbc.queryForObject("select count(distinct message_refs->>'DE11') from payment where message_id like '%:' || ?",
                    Long.class, TERMINAL)).isEqualTo(MESSAGES);
        }
    }

    private static ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-sqs-restart", "--spring.jmx.unique-names=true",
                        "--hub.sources.kafka.enabled=false", "--hub.sources.iso8583.enabled=false", "--hub.sources.s3.enabled=false",
                        "--hub.sources.sqs.queue=" + QUEUE, "--hub.sources.sqs.visibility-timeout-seconds=5",
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
    }

    private static JdbcTemplate datastore() {
        Map<String, String> properties = DevServices.get().springProperties();
        return new JdbcTemplate(new DriverManagerDataSource(properties.get("spring.datasource.url"),
                properties.get("spring.datasource.username"), properties.get("spring.datasource.password")));
    }

    private static long stored(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, TERMINAL);
    }
}
