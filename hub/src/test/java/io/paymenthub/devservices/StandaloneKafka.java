package io.paymenthub.devservices;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A Kafka KRaft broker in a JVM of its own, with its data on disk, so a fault test can kill it and start it again
 * on the same port and log: a real broker restart, which the in-process broker of {@link DevServices} cannot do.
 */
public final class StandaloneKafka implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Path config;
    private Process process;

    private StandaloneKafka(Path directory, int port, Path config) {
        this.directory = directory;
        this.port = port;
        this.config = config;
    }

    /** Formats a fresh log under {@code directory} and starts the broker on a free port. */
    public static StandaloneKafka start(Path directory) throws IOException, InterruptedException {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Files.createDirectories(directory);
        Path config = directory.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("data").toAbsolutePath(),
                "num.partitions=" + LocalKafka.DEFAULT_PARTITIONS,
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        StandaloneKafka kafka = new StandaloneKafka(directory, port, config);
        Process format = kafka.java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString());
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting the Kafka log failed; see " + directory.resolve("broker.log"));
        }
        kafka.startBroker();
        return kafka;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** SIGKILL of the broker: its clients see connections drop and refused until {@link #startBroker()}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the broker on its port and log, and waits until it answers. */
    public void startBroker() throws IOException {
        process = java("kafka.Kafka", config.toString());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty());
        }
    }

    private Process java(String mainClass, String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.log").toFile()))
                .start();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
