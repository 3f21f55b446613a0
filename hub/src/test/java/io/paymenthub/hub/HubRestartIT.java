package io.paymenthub.hub;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub stopped and started again while a stream is flowing: every message is stored exactly once. */
@ExtendWith(DevServicesExtension.class)
class HubRestartIT {

    private static final String TOPIC = "payments.restart";
    private static final String GROUP = "payment-hub-restart";
    private static final String TERMINAL = "RST00001";
    private static final int MESSAGES = 3000;

    @Test
    void aRestartMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        String brokers = DevServices.get().springProperties().get("hub.sources.kafka.brokers");
        List<byte[]> messages = SampleMessages.iso8583India(TERMINAL, 1, MESSAGES);

        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            ConfigurableApplicationContext first = startHub();
            CompletableFuture<Void> sending;
            try {
                JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
                sending = CompletableFuture.runAsync(() -> {
                    for (int from = 0; from < MESSAGES; from += 100) {
                        kafka.send(TOPIC, messages.subList(from, from + 100));
                    }
                });
                await().atMost(Duration.ofSeconds(90)).until(() -> stored(jdbc), n -> n >= 300);
            } finally {
                first.close();   // the restart under test; on a failure, it keeps this context from outliving the test
            }
            long storedBeforeRestart = stored(jdbc());

            ConfigurableApplicationContext second = startHub();
            try {
                sending.get();
                JdbcTemplate again = second.getBean(JdbcTemplate.class);
                await().atMost(Duration.ofSeconds(120)).until(() -> stored(again), n -> n == MESSAGES);
                kafka.awaitCommitted(GROUP, TOPIC, Duration.ofSeconds(60));

                assertThat(storedBeforeRestart).isLessThan(MESSAGES);
                assertThat(stored(again)).isEqualTo(MESSAGES);
                assertThat(again.queryForObject("select count(distinct message_refs->>'DE11') from payment where message_id like '%:' || ?",
                        Long.class, TERMINAL)).isEqualTo(MESSAGES);
            } finally {
                second.close();
            }
        }
    }

    private static ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run(   // command-line arguments: they win over config/application.yaml
                        "--server.port=0",
                        "--camel.main.name=payment-hub-restart",
                        "--hub.sources.iso8583.enabled=false",
                        "--hub.sources.kafka.topic=" + TOPIC,
                        "--hub.sources.kafka.group-id=" + GROUP,
                        "--hub.sources.kafka.max-poll-records=100",
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
    }

    private static JdbcTemplate jdbc() {
        var properties = DevServices.get().springProperties();
        var dataSource = new org.springframework.jdbc.datasource.DriverManagerDataSource(
                properties.get("spring.datasource.url"), properties.get("spring.datasource.username"),
                properties.get("spring.datasource.password"));
        return new JdbcTemplate(dataSource);
    }

    private static long stored(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, TERMINAL);
    }
}
