package io.paymenthub.hub.startup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.devservices.LocalSqs;
import io.paymenthub.hub.support.ForkedHub;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.hub.support.SharedAuditKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar run as a bank runs it, in a JVM of its own, against only the servers it is given: the README's
 * external-servers command (PostgreSQL and Kafka, every other source off), that command with an SQS source whose
 * server is not running yet, and a datastore that refuses the login.
 */
@ExtendWith(DevServicesExtension.class)
class PackagedJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Z][A-Z0-9_]*)=(<[^>]*>|\\S+)");

    @Test
    void theReadmeCommandRunsOnPostgresAndKafkaAlone() throws Exception {
        String run = "jar-" + runId();
        Map<String, String> environment = readmeCommandOn(run);
        try (KafkaTestClient kafka = new KafkaTestClient(kafkaBrokers());
             ForkedHub hub = ForkedHub.startJar("packaged-kafka-only", environment, List.of())) {
            hub.awaitReady(Duration.ofSeconds(120));
            kafka.send(environment.get("HUB_SOURCES_KAFKA_TOPIC"), SampleMessages.iso8583India("JARK0001", 1, 50));

            await().atMost(Duration.ofSeconds(60)).until(() -> stored("JARK0001"), n -> n == 50);
            String log = Files.readString(hub.log());
            assertThat(log).contains("Payment hub ready: region in; sources ingest-kafka kafka://" + environment.get("HUB_SOURCES_KAFKA_TOPIC"))
                    .contains("sqs off; s3 off").contains("archive off").contains("key provider secret")
                    .doesNotContain(environment.get("HUB_MASKING_PAN_KEY"))
                    .doesNotContain(environment.get("HUB_MASKING_PAYLOAD_KEY"))
                    .doesNotContain(environment.get("HUB_MASKING_AUDIT_KEY"));
            // the retention of what it keeps outside the datastore is checked once started, with the routes' Kafka settings
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(hub.log()).contains(
                    "Retention of dead-letter-topics kafka:" + environment.get("HUB_SOURCES_KAFKA_TOPIC") + ".dlt: P30D holds"));
            assertThat(Files.readString(hub.log())).contains("Retention of archive-objects: P5Y holds (archive off)");
            // nothing of a disabled source was made: no SQS or S3 route, client or endpoint
            assertThat(log).doesNotContain("aws2-sqs://").doesNotContain("aws2-s3://").doesNotContain("netty:tcp");
            assertThat(hub.terminate(Duration.ofSeconds(60))).as("exit on SIGTERM, 128 + 15").isEqualTo(143);
        }
    }

    @Test
    void anSqsSourceWhoseServerIsDownWaitsForItWhileKafkaRuns() throws Exception {
        String run = "jar-sqs-" + runId();
        int sqsPort = FreePorts.next();
        Map<String, String> environment = readmeCommandOn(run);
        environment.put("SPRING_PROFILES_ACTIVE", "local");            // the documented ops login, for /actuator/health
        environment.put("HUB_MASKING_KEY_PROVIDER", "secret");
        environment.put("HUB_SOURCES_SQS_ENABLED", "true");
        environment.put("HUB_SOURCES_SQS_QUEUE", run);
        environment.put("HUB_SOURCES_SQS_ENDPOINT", "http://localhost:" + sqsPort);   // nothing listens there yet
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        try (KafkaTestClient kafka = new KafkaTestClient(kafkaBrokers());
             ForkedHub hub = ForkedHub.startJar("packaged-sqs-down", environment, List.of())) {
            hub.awaitReady(Duration.ofSeconds(120));
            kafka.send(environment.get("HUB_SOURCES_KAFKA_TOPIC"), SampleMessages.iso8583India("JARS0001", 1, 20));
            await().atMost(Duration.ofSeconds(60)).until(() -> stored("JARS0001"), n -> n == 20);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode sources = sourcesHealth(hub);
                assertThat(sources.at("/components/ingest-sqs/status").asText()).isEqualTo("DOWN");
                assertThat(sources.at("/components/ingest-kafka/status").asText()).isEqualTo("UP");
            });
            assertThat(hub.readinessStatus()).isEqualTo(200);

            try (LocalSqs sqs = LocalSqs.startOn(sqsPort); SqsClient client = sqs.client()) {
                String queueUrl = sqs.createQueue(run);
                for (byte[] message : SampleMessages.iso8583India("JARQ0001", 1, 10)) {
                    client.sendMessage(send -> send.queueUrl(queueUrl).messageBody(new String(message, StandardCharsets.US_ASCII)));
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> stored("JARQ0001"), n -> n == 10);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(sourcesHealth(hub).at("/components/ingest-sqs/status").asText()).isEqualTo("UP"));
                assertThat(hub.terminate(Duration.ofSeconds(60))).as("exit on SIGTERM, 128 + 15").isEqualTo(143);
            }
        }
    }

    @Test
    void aDatastoreThatRefusesTheLoginEndsTheProcessWithTheReason() throws Exception {
        Map<String, String> environment = readmeCommandOn("jar-refused-" + runId());
        // the dev datastore trusts local connections: a role it does not know is the login it refuses
        environment.put("SPRING_DATASOURCE_USERNAME", "not_a_hub_role");
        environment.put("SPRING_FLYWAY_USER", "not_a_hub_role");
        try (ForkedHub hub = ForkedHub.startJar("packaged-login-refused", environment, List.of())) {
            long started = System.nanoTime();
            int exit = hub.awaitExit(Duration.ofSeconds(30));
            assertThat(exit).isNotZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
            List<String> lines = Files.readAllLines(hub.log()).stream().filter(line -> !line.isBlank()).toList();
            assertThat(lines.get(lines.size() - 1))
                    .contains("The payment hub did not start")
                    .contains("role \"not_a_hub_role\" does not exist")
                    .doesNotContain(environment.get("HUB_MASKING_PAN_KEY"));
        }
    }

    /**
     * The README's external-servers command as its environment, with the addresses and secrets only this run knows
     * put in for the placeholders, and a topic and consumer group of the run's own.
     */
    private static Map<String, String> readmeCommandOn(String run) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int marker = readme.indexOf("<!-- external-servers:");
        assertThat(marker).as("README's external-servers command").isPositive();
        int start = readme.indexOf("```bash", marker) + "```bash".length();
        String command = readme.substring(start, readme.indexOf("```", start)).replace("\\\n", " ").strip();
        assertThat(command).endsWith("java -jar hub/target/payment-hub.jar");

        Map<String, String> servers = DevServices.get().springProperties();
        byte[] panKey = new byte[32];
        byte[] payloadKey = new byte[32];
        new SecureRandom().nextBytes(panKey);
        new SecureRandom().nextBytes(payloadKey);
        Map<String, String> ours = Map.ofEntries(
                Map.entry("SPRING_DATASOURCE_URL", servers.get("spring.datasource.url")),
                Map.entry("SPRING_DATASOURCE_USERNAME", servers.get("spring.datasource.username")),
                Map.entry("SPRING_DATASOURCE_PASSWORD", servers.get("spring.datasource.password")),
                Map.entry("SPRING_FLYWAY_USER", servers.get("spring.flyway.user")),
                Map.entry("SPRING_FLYWAY_PASSWORD", servers.get("spring.flyway.password")),
                Map.entry("HUB_DATASTORE_APP_ROLE", servers.get("hub.datastore.app-role")),
                Map.entry("HUB_SOURCES_KAFKA_BROKERS", kafkaBrokers()),
                Map.entry("HUB_MASKING_PAN_KEY", Base64.getEncoder().encodeToString(panKey)),
                Map.entry("HUB_MASKING_PAYLOAD_KEY", Base64.getEncoder().encodeToString(payloadKey)),
                // the shared datastore's audit chain is also the other hubs': chained with a key they hold
                Map.entry("HUB_MASKING_AUDIT_KEY_ID", SharedAuditKey.ID),
                Map.entry("HUB_MASKING_AUDIT_KEY", SharedAuditKey.base64()));

        Map<String, String> environment = new LinkedHashMap<>();
        Matcher assignment = ASSIGNMENT.matcher(command.substring(0, command.indexOf("java -jar")));
        while (assignment.find()) {
            String name = assignment.group(1);
            String value = assignment.group(2);
            boolean placeholder = value.startsWith("<") || value.contains("...");
            assertThat(!placeholder || ours.containsKey(name)).as("README placeholder %s is filled in by this test", name).isTrue();
            environment.put(name, ours.getOrDefault(name, value));
        }
        assertThat(environment).containsKeys(ours.keySet().toArray(String[]::new));
        environment.put("HUB_SOURCES_KAFKA_TOPIC", run + ".payments");
        environment.put("HUB_SOURCES_KAFKA_GROUP_ID", run);
        return environment;
    }

    private static JsonNode sourcesHealth(ForkedHub hub) throws IOException, InterruptedException {
        var response = hub.get("/actuator/health/sources", "ops", "ops-local");
        return JSON.readTree(response.body());
    }

    private static String kafkaBrokers() {
        return DevServices.get().springProperties().get("hub.sources.kafka.brokers");
    }

    private static long stored(String terminal) {
        Map<String, String> servers = DevServices.get().springProperties();
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(servers.get("spring.datasource.url"),
                servers.get("spring.datasource.username"), servers.get("spring.datasource.password")));
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, terminal);
    }

    /** Letters and digits, never a long run of digits: a Luhn-valid run would be masked in the log like a PAN. */
    private static String runId() {
        return Long.toString(System.nanoTime(), 36);
    }
}
