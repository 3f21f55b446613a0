package io.paymenthub.hub.support;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.hub.PaymentHubApplication;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The hub in a JVM of its own, on the dev servers of this test JVM, so a test can kill it as an operating system or
 * Kubernetes would: {@link #kill()} is SIGKILL, {@link #terminate()} is SIGTERM. Its output goes to a log file
 * under {@code hub/target/logs/}, which tests scan like any other log.
 */
public final class ForkedHub implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ForkedHub(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a hub named {@code name} with only the Kafka source on, on the dev servers, with {@code arguments}
     * ({@code --key=value}) replacing any of those settings.
     */
    public static ForkedHub start(String name, List<String> arguments) throws IOException {
        int port = FreePorts.next();
        Path log = Path.of("hub/target/logs/" + name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC",
                // the dev servers' credentials, as DevServices set them for this JVM
                "-Daws.accessKeyId=" + System.getProperty("aws.accessKeyId", "local"),
                "-Daws.secretAccessKey=" + System.getProperty("aws.secretAccessKey", "local"),
                "-cp", System.getProperty("java.class.path"),
                PaymentHubApplication.class.getName()));
        // a repeated command-line property would be read as a list of both values: the test's arguments replace
        Map<String, String> properties = new LinkedHashMap<>(DevServices.get().springProperties());
        properties.putAll(Map.of(
                "spring.profiles.active", "local",
                "server.port", String.valueOf(port),
                "camel.main.name", name,
                "spring.jmx.unique-names", "true",
                "hub.sources.iso8583.enabled", "false",
                "hub.sources.sqs.enabled", "false",
                "hub.sources.s3.enabled", "false",
                "hub.masking.keystore.path", "hub/target/test-keys.p12"));
        for (String argument : arguments) {
            String[] pair = argument.substring(2).split("=", 2);
            properties.put(pair[0], pair[1]);
        }
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Process process = new ProcessBuilder(command)
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new ForkedHub(process, port, log);
    }

    /**
     * The packaged jar, as a bank runs it: {@code java -jar hub/target/payment-hub.jar} from the repository root
     * (its {@code config/} and {@code routes/}), set up only by {@code environment} and {@code arguments} — none of
     * this JVM's class path, dev services or properties. {@code SERVER_PORT} is chosen here.
     */
    public static ForkedHub startJar(String name, Map<String, String> environment, List<String> arguments) throws IOException {
        Path jar = Path.of("hub/target/payment-hub.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the integration tests run after the package phase");
        }
        int port = FreePorts.next();
        Path log = Path.of("hub/target/logs/" + name + ".log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File("."))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", String.valueOf(port));
        return new ForkedHub(builder.start(), port, log);
    }

    /** Waits for the process to exit on its own and returns its code. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the forked hub was still running after " + atMost + "; see " + log);
        }
        return process.exitValue();
    }

    /** GET {@code path} on the hub with HTTP Basic credentials: the status and the body. */
    public HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        String credentials = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + credentials).timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the hub's readiness probe answers 200. */
    public ForkedHub awaitReady(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the forked hub exited with " + process.exitValue() + "; see " + log);
            }
            return readinessStatus() == 200;
        });
        return this;
    }

    /** The HTTP status of {@code /actuator/health/readiness}, or -1 when nothing answers. */
    public int readinessStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, nothing flushed, nothing committed. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Kubernetes sends it; waits for the exit and returns its code. */
    public int terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the forked hub did not exit within " + atMost + " of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
