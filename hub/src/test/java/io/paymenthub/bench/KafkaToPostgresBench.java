package io.paymenthub.bench;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.PaymentHubApplication;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka → PostgreSQL throughput, on demand (not part of {@code verify}): preloads N messages (90% ISO 8583,
 * 10% pacs.008), starts the hub, and times the stream until N rows are committed; then times a raw COPY of
 * the same rows into a copy of the table (same primary key and indexes) as the ceiling. PostgreSQL runs
 * with fsync on. See bench/README.md for the command.
 */
class KafkaToPostgresBench {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 100_000);
    private static final String TOPIC = "bench.inbound";

    @Test
    void kafkaToPostgres() throws Exception {
        System.setProperty("devservices.postgres.durable", "true");
        DevServices services = DevServices.get();
        services.applyAsSystemProperties();
        String brokers = services.springProperties().get("hub.sources.kafka.brokers");

        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            int iso8583 = MESSAGES * 9 / 10;
            for (int from = 0; from < iso8583; from += 10_000) {
                kafka.send(TOPIC, SampleMessages.iso8583India("BENCH001", from + 1, Math.min(10_000, iso8583 - from)));
            }
            kafka.send(TOPIC, SampleMessages.pacs008India("BENCH", MESSAGES - iso8583));
        }

        long started = System.nanoTime();
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-bench",
                        "--hub.sources.iso8583.enabled=false",
                        "--hub.sources.kafka.topic=" + TOPIC, "--hub.sources.kafka.group-id=bench",
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
        long ready = System.nanoTime();
        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.queryForObject("select count(*) from payment", Long.class), n -> n >= MESSAGES);
        long done = System.nanoTime();
        double streamSeconds = (done - ready) / 1e9;

        long stored = jdbc.queryForObject("select count(*) from payment", Long.class);
        double copySeconds = rawCopySeconds(hub.getBean(DataSource.class));
        hub.close();

        double hubRate = MESSAGES / streamSeconds;
        double copyRate = MESSAGES / copySeconds;
        System.out.printf("""

                Kafka → PostgreSQL, %d messages (90%% ISO 8583, 10%% pacs.008), fsync on, %d cores
                  hub start-up              %.1f s
                  hub, consume to commit    %.1f s   %,.0f msg/s
                  raw COPY, same rows       %.2f s   %,.0f rows/s
                  ratio hub / raw COPY      %.2f
                %n""", MESSAGES, Runtime.getRuntime().availableProcessors(), (ready - started) / 1e9,
                streamSeconds, hubRate, copySeconds, copyRate, hubRate / copyRate);
        assertThat(stored).isEqualTo(MESSAGES);
    }

    /** COPY of the stored rows into an empty table with the same primary key and indexes. */
    private static double rawCopySeconds(DataSource dataSource) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            pg.getCopyAPI().copyOut("copy payment to stdout", rows);
            connection.createStatement().execute("create table payment_copy (like payment including all)");
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            pg.getCopyAPI().copyIn("copy payment_copy from stdin", new ByteArrayInputStream(rows.toByteArray()));
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
