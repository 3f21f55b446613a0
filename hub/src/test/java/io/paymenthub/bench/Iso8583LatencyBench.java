package io.paymenthub.bench;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.hub.PaymentHubApplication;
import io.paymenthub.hub.support.Iso8583TestClient;
import io.paymenthub.samples.JposMessages;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ISO 8583 over TCP, stored before the reply: C connections, each keeping at most W requests in flight, N requests
 * in all (messages built by jPOS beforehand), either as fast as answers come or at a fixed total rate. At a fixed
 * rate, latency counts from when a request was due, so a stalled hub cannot hide its queue (no coordinated
 * omission). Reports replies/s and latency percentiles. PostgreSQL runs with fsync on. See bench/README.md.
 */
class Iso8583LatencyBench {

    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    private static final int IN_FLIGHT = Integer.getInteger("bench.inflight", 1);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 60_000);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 150_000);
    /** Requests per second over all connections; 0 sends as fast as answers allow (closed loop). */
    private static final int RATE = Integer.getInteger("bench.rate", 0);

    @Test
    void iso8583Latency() throws Exception {
        System.setProperty("devservices.postgres.durable", "true");
        DevServices.get().applyAsSystemProperties();
        int port = FreePorts.next();
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-bench", "--hub.sources.kafka.enabled=false",
                        "--hub.sources.iso8583.port=" + port,
                        "--hub.masking.keystore.path=hub/target/test-keys.p12")) {
            run(port, frames(WARM_UP, "W"), new Histogram(3_600_000_000L, 3));
            Histogram latency = new Histogram(3_600_000_000L, 3);
            List<List<byte[]>> measured = frames(REQUESTS, "L");
            ResourceUse resources = ResourceUse.start();
            double seconds = run(port, measured, latency);
            String resourceReport = resources.report(seconds, REQUESTS);

            System.out.printf("""

                    ISO 8583 TCP, stored before the reply, fsync on, %d cores: %d connections x %d in flight, %d requests, %s
                      throughput   %,.0f replies/s
                      latency      p50 %.2f ms   p99 %.2f ms   p99.9 %.2f ms   max %.2f ms
                    %s
                    %n""", Runtime.getRuntime().availableProcessors(), CONNECTIONS, IN_FLIGHT, REQUESTS,
                    RATE == 0 ? "closed loop" : "offered " + RATE + "/s",
                    REQUESTS / seconds, latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(99) / 1e6,
                    latency.getValueAtPercentile(99.9) / 1e6, latency.getMaxValue() / 1e6,
                    resourceReport.indent(2).stripTrailing());
            long stored = hub.getBean(JdbcTemplate.class).queryForObject(
                    "select count(*) from payment where message_id like '%:L%'", Long.class);
            assertThat(stored).isEqualTo(REQUESTS);
        }
    }

    /** The requests of each connection, built by jPOS before any is sent (building them is not timed). */
    private static List<List<byte[]>> frames(int requests, String tag) {
        List<List<byte[]>> connections = new ArrayList<>(CONNECTIONS);
        int perConnection = requests / CONNECTIONS;
        for (int c = 0; c < CONNECTIONS; c++) {
            List<byte[]> frames = new ArrayList<>(perConnection + 1);
            String terminal = String.format("%s%07d", tag, c);
            for (int stan = 1; stan <= perConnection + (c < requests % CONNECTIONS ? 1 : 0); stan++) {
                frames.add(Iso8583TestClient.frame(JposMessages.purchase(stan, JposMessages.INDIA).set(41, terminal).pack()));
            }
            connections.add(frames);
        }
        return connections;
    }

    /** Sends every connection's requests and returns the seconds until the last answer. */
    private static double run(int port, List<List<byte[]>> connections, Histogram latency) {
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS * 2);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (List<byte[]> frames : connections) {
            done.add(CompletableFuture.runAsync(() -> connection(port, frames, latency, pool), pool));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return seconds;
    }

    /** One connection: a writer keeping IN_FLIGHT requests outstanding, a reader timing each answer. */
    private static void connection(int port, List<byte[]> frames, Histogram latency, ExecutorService pool) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setTcpNoDelay(true);
            BlockingQueue<Long> sentAt = new ArrayBlockingQueue<>(IN_FLIGHT);
            OutputStream out = socket.getOutputStream();
            long interval = RATE == 0 ? 0 : CONNECTIONS * 1_000_000_000L / RATE;
            long first = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < frames.size(); i++) {
                        long due = first + i * interval;
                        while (System.nanoTime() < due) {
                            LockSupport.parkNanos(due - System.nanoTime());
                        }
                        sentAt.put(interval == 0 ? System.nanoTime() : due);
                        out.write(frames.get(i));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < frames.size(); i++) {
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                long elapsed = System.nanoTime() - sentAt.take();
                if (!"00".equals(Iso8583TestClient.unpack(answer).getString(39))) {
                    throw new IllegalStateException("not approved");
                }
                synchronized (latency) {
                    latency.recordValue(elapsed);
                }
            }
            writer.join();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
