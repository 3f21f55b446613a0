package io.paymenthub.bench;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.LocalSqs;
import io.paymenthub.hub.PaymentHubApplication;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.hub.support.TcpProxy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SQS (ElasticMQ) → PostgreSQL, on demand (not part of {@code verify}): preloads W + N ISO 8583 messages into the
 * queue, starts the hub with its SQS client pointed through a relay that counts the API calls it makes (by the
 * {@code X-Amz-Target} action of each request), lets it store the first W (warm-up), then times the next N to
 * stored rows and reports messages/s and calls per message. PostgreSQL runs with fsync on. See bench/README.md.
 */
class SqsToPostgresBench {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 50_000);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 20_000);
    private static final String QUEUE = "bench-inbound";
    private static final byte[] ACTION_PREFIX = "AmazonSQS.".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    @Test
    void sqsToPostgres() throws Exception {
        System.setProperty("devservices.postgres.durable", "true");
        DevServices services = DevServices.get();
        services.applyAsSystemProperties();
        LocalSqs sqs = services.sqs();
        String queueUrl = sqs.createQueueWithDeadLetters(QUEUE, QUEUE + "-dlq", 5);
        preload(sqs, queueUrl, WARM_UP + MESSAGES);

        URI endpoint = URI.create(sqs.endpoint());
        try (TcpProxy counting = new TcpProxy(endpoint.getHost(), endpoint.getPort(), ActionCounter::new)) {
            ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                    .profiles("local")
                    .run("--server.port=0", "--camel.main.name=payment-hub-bench",
                            "--hub.sources.iso8583.enabled=false", "--hub.sources.kafka.enabled=false",
                            "--hub.sources.sqs.queue=" + QUEUE,
                            "--hub.sources.sqs.endpoint=http://localhost:" + counting.port(),
                            "--hub.masking.keystore.path=hub/target/test-keys.p12");
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            awaitRows(jdbc, WARM_UP);
            Map<String, Long> before = snapshot();
            long warm = System.nanoTime();
            ResourceUse resources = ResourceUse.start();
            awaitRows(jdbc, WARM_UP + MESSAGES);
            long done = System.nanoTime();
            Map<String, Long> after = snapshot();
            double seconds = (done - warm) / 1e9;
            String resourceReport = resources.report(seconds, MESSAGES);
            long stored = jdbc.queryForObject("select count(*) from payment", Long.class);
            hub.close();

            StringBuilder perAction = new StringBuilder();
            long total = 0;
            for (String action : after.keySet()) {
                long made = after.get(action) - before.getOrDefault(action, 0L);
                total += made;
                perAction.append(String.format("    %-28s %,8d   %.3f per message%n", action, made, (double) made / MESSAGES));
            }
            System.out.printf("""

                    SQS (ElasticMQ) → PostgreSQL, %d ISO 8583 messages after %d warm-up, fsync on, %d cores
                      hub, receive to stored    %.1f s   %,.0f msg/s
                      SQS API calls             %,d   %.3f per message
                    %s%s
                    %n""", MESSAGES, WARM_UP, Runtime.getRuntime().availableProcessors(), seconds, MESSAGES / seconds,
                    total, (double) total / MESSAGES, perAction, resourceReport.indent(2).stripTrailing());
            assertThat(stored).isEqualTo(WARM_UP + MESSAGES);
        }
    }

    /** Ten messages per SendMessageBatch, from a few threads: the queue is filled before the hub starts. */
    private static void preload(LocalSqs sqs, String queueUrl, int count) {
        List<byte[]> messages = SampleMessages.iso8583India("BENCHSQS", 1, count);
        IntStream.range(0, 4).parallel().forEach(slice -> {
            try (SqsClient client = sqs.client()) {
                for (int from = slice * 10; from < count; from += 40) {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>(10);
                    for (int i = from; i < Math.min(from + 10, count); i++) {
                        entries.add(SendMessageBatchRequestEntry.builder().id("m" + i)
                                .messageBody(new String(messages.get(i), StandardCharsets.US_ASCII)).build());
                    }
                    assertThat(client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
                }
            }
        });
    }

    private static void awaitRows(JdbcTemplate jdbc, long rows) {
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.queryForObject("select count(*) from payment", Long.class), n -> n >= rows);
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        calls.forEach((action, count) -> counts.put(action, count.sum()));
        return counts;
    }

    /**
     * Finds {@code AmazonSQS.<Action>} (the X-Amz-Target header of the JSON protocol) in what one connection sends;
     * a match may span two reads, so the last bytes of each read are kept.
     */
    private final class ActionCounter implements TcpProxy.Tap {

        private static final int KEEP = 64;
        private byte[] carried = new byte[0];

        @Override
        public void sent(byte[] bytes, int length) {
            byte[] window = new byte[carried.length + length];
            System.arraycopy(carried, 0, window, 0, carried.length);
            System.arraycopy(bytes, 0, window, carried.length, length);
            int scanned = 0;
            for (int at = indexOf(window, 0); at >= 0; at = indexOf(window, at + 1)) {
                int end = at + ACTION_PREFIX.length;
                while (end < window.length && Character.isLetter(window[end])) {
                    end++;
                }
                if (end == window.length) {
                    break; // the action name may go on in the next read
                }
                calls.computeIfAbsent(new String(window, at + ACTION_PREFIX.length, end - at - ACTION_PREFIX.length,
                        StandardCharsets.US_ASCII), action -> new LongAdder()).increment();
                scanned = end;
            }
            int keepFrom = Math.max(scanned, window.length - KEEP);
            carried = java.util.Arrays.copyOfRange(window, keepFrom, window.length);
        }

        private static int indexOf(byte[] window, int from) {
            outer:
            for (int i = from; i <= window.length - ACTION_PREFIX.length; i++) {
                for (int j = 0; j < ACTION_PREFIX.length; j++) {
                    if (window[i + j] != ACTION_PREFIX[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
