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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka → PostgreSQL throughput, on demand (not part of {@code verify}): preloads W + N messages (by default 90%
 * ISO 8583 and 10% pacs.008, interleaved; {@code bench.pacs008-percent}), starts the hub, lets it commit the first W
 * (warm-up: class loading and JIT), then times the next N to committed offsets (committed only once their rows are),
 * with the CPU and memory used meanwhile and the receive-to-store latency of those rows; then times a raw COPY of the
 * same rows into a copy of the table (same primary key and indexes) as the ceiling. PostgreSQL runs with fsync on.
 * See bench/README.md for the command.
 */
class KafkaToPostgresBench {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 200_000);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 400_000);
    /** Share of pacs.008 in the mix, in percent; the rest is ISO 8583. 100 measures ISO 20022 alone. */
    private static final int PACS008_PERCENT = Integer.getInteger("bench.pacs008-percent", 10);
    /** Partitions of the bench topic; the hub's consumer threads ({@code hub.sources.kafka.consumers}) share them. */
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 4);
    private static final int CHUNK = 10_000;
    private static final String TOPIC = "bench.inbound";
    private static final String GROUP = "bench";

    @Test
    void kafkaToPostgres() throws Exception {
        System.setProperty("devservices.postgres.durable", "true");
        DevServices services = DevServices.get();
        services.applyAsSystemProperties();
        String brokers = services.springProperties().get("hub.sources.kafka.brokers");

        services.kafka().createTopics(PARTITIONS, TOPIC);
        KafkaTestClient kafka = new KafkaTestClient(brokers);
        int total = WARM_UP + MESSAGES;
        assertThat(total).as("ISO 8583 messages are told apart by DE 11, six digits").isLessThan(1_000_000);
        for (int from = 0; from < total; from += CHUNK) {
            int size = Math.min(CHUNK, total - from);
            int iso8583 = size * (100 - PACS008_PERCENT) / 100;
            kafka.send(TOPIC, SampleMessages.iso8583India("BENCH001", from + 1, iso8583));
            kafka.send(TOPIC, SampleMessages.pacs008India("BENCH" + from, size - iso8583));
        }

        long started = System.nanoTime();
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-bench",
                        "--hub.sources.iso8583.enabled=false",
                        "--hub.sources.kafka.topic=" + TOPIC, "--hub.sources.kafka.group-id=" + GROUP,
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
        long ready = System.nanoTime();
        // offsets are committed only once their rows are: the committed count is the stored count, and cheap to ask
        kafka.awaitCommitted(GROUP, TOPIC, WARM_UP, Duration.ofMinutes(15), Duration.ofMillis(20));
        long warm = System.nanoTime();
        ResourceUse resources = ResourceUse.start();
        kafka.awaitCommitted(GROUP, TOPIC, total, Duration.ofMinutes(15), Duration.ofMillis(20));
        long done = System.nanoTime();
        kafka.close();
        double streamSeconds = (done - warm) / 1e9;
        String resourceReport = resources.report(streamSeconds, MESSAGES);

        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        long stored = jdbc.queryForObject("select count(*) from payment", Long.class);
        List<Double> latency = jdbc.queryForList("""
                select unnest(percentile_cont(array[0.5, 0.99, 0.999]) within group (order by seconds)) * 1000
                  from (select extract(epoch from stored_at - received_at) seconds from payment
                        order by received_at offset ?) measured""", Double.class, WARM_UP);
        double copySeconds = rawCopySeconds(hub.getBean(DataSource.class));
        hub.close();

        double hubRate = MESSAGES / streamSeconds;
        double copyRate = stored / copySeconds;
        System.out.printf("""

                Kafka → PostgreSQL, %d messages after %d warm-up (%d%% ISO 8583, %d%% pacs.008), fsync on, %d cores
                  hub start-up              %.1f s; warm-up %.1f s
                  hub, consume to commit    %.1f s   %,.0f msg/s
                  receive → store latency   p50 %.0f ms   p99 %.0f ms   p99.9 %.0f ms
                %s
                  raw COPY, same rows       %.2f s   %,.0f rows/s
                  ratio hub / raw COPY      %.2f
                %n""", MESSAGES, WARM_UP, 100 - PACS008_PERCENT, PACS008_PERCENT, Runtime.getRuntime().availableProcessors(),
                (ready - started) / 1e9, (warm - ready) / 1e9, streamSeconds, hubRate, latency.get(0), latency.get(1), latency.get(2),
                resourceReport.indent(2).stripTrailing(), copySeconds, copyRate, hubRate / copyRate);
        assertThat(stored).isEqualTo(WARM_UP + MESSAGES);
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
