package io.paymenthub.hub;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.hub.support.Iso8583TestClient;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.samples.JposMessages;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.PostChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example feeds of routes/examples/, loaded from YAML alone the way a routes ConfigMap is ({@code hub.routes.extra-dir},
 * no rebuild): each takes a payment from its real source — a Kafka topic, an SQS queue, an ISO 8583 socket, an S3 prefix,
 * an HTTP path — through the ingest path into the payment table. The hub's own sources are off, so every row comes
 * from a feed.
 */
@ExtendWith(DevServicesExtension.class)
class ExampleFeedsIT {

    private static final Path EXAMPLES = Path.of("routes/examples");
    private static final String EXAMPLE_ISO8583_PORT = "\"8584\"";
    private static final Duration STORED = Duration.ofSeconds(60);

    @Test
    void eachExampleFeedStoresAPaymentThatCameThroughItsSource(@TempDir Path extra) throws Exception {
        int iso8583Port = FreePorts.next();
        copyExamples(extra, iso8583Port);
        DevServices services = DevServices.get();
        services.sqs().createQueueWithDeadLetters("malabar-bank-payments", "malabar-bank-payments-dlq", 2);

        try (ConfigurableApplicationContext hub = startHub(extra)) {
            CamelContext camel = hub.getBean(CamelContext.class);
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            for (String feed : List.of("ingest-kafka-deccan-bank", "ingest-sqs-malabar-bank", "ingest-iso8583-konkan-switch",
                    "ingest-s3-vindhya-bank", "ingest-http-narmada-bank")) {
                assertThat(camel.getRouteController().getRouteStatus(feed)).as(feed).isEqualTo(ServiceStatus.Started);
            }

            try (KafkaTestClient kafka = new KafkaTestClient(services.kafka().bootstrapServers())) {
                kafka.send("deccan-bank.payments", List.of(JposMessages.purchase(501, JposMessages.INDIA).set(41, "DECCAN01").pack()));
            }
            try (SqsClient sqs = services.sqs().client()) {
                String queue = sqs.getQueueUrl(q -> q.queueName("malabar-bank-payments")).queueUrl();
                byte[] purchase = JposMessages.purchase(502, JposMessages.INDIA).set(41, "MALABAR1").pack();
                sqs.sendMessage(m -> m.queueUrl(queue).messageBody(new String(purchase, StandardCharsets.US_ASCII)));
            }
            PostChannel konkan = Iso8583TestClient.connect(iso8583Port);
            try {
                konkan.send(Iso8583TestClient.unpack(JposMessages.purchase(503, JposMessages.INDIA).set(41, "KONKAN01").pack()));
                ISOMsg answer = konkan.receive();
                assertThat(answer.getMTI()).isEqualTo("0210");
                assertThat(answer.getString(39)).isEqualTo("00");
            } finally {
                konkan.disconnect();
            }
            String bulkFile = "VIN-" + UUID.randomUUID().toString().substring(0, 8);
            S3Client s3 = services.s3().client();
            s3.putObject(put -> put.bucket("payments-inbound").key("vindhya-bank/inbound/" + bulkFile + ".xml"),
                    RequestBody.fromString(sample("pain001-in-3tx.xml").replace("KTL-PAY-20251103-01", bulkFile)));
            String uetr = UUID.randomUUID().toString();
            assertThat(postToNarmadaBankPath(hub, uetr).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

            await().atMost(STORED).until(() -> sourceOfTerminal(jdbc, "DECCAN01"), "kafka"::equals);
            await().atMost(STORED).until(() -> sourceOfTerminal(jdbc, "MALABAR1"), "sqs"::equals);
            assertThat(sourceOfTerminal(jdbc, "KONKAN01")).isEqualTo("iso8583");
            await().atMost(STORED).until(() -> jdbc.queryForList("select source from payment where message_refs->>'MsgId' = ?",
                    String.class, bulkFile), sources -> sources.equals(List.of("s3", "s3", "s3")));
            await().atMost(STORED).until(() -> s3.listObjectsV2(list -> list.bucket("payments-inbound").prefix("vindhya-bank/processed/"))
                    .contents().stream().anyMatch(object -> object.key().equals("vindhya-bank/processed/" + bulkFile + ".xml")));
            assertThat(jdbc.queryForObject("select source from payment where message_id = ?", String.class, uetr)).isEqualTo("http");
            assertThat(jdbc.queryForObject("select pan_masked from payment where message_id like '%:DECCAN01'", String.class))
                    .isEqualTo("411111******1111");
        }
    }

    /** As a ConfigMap would carry them; only the ISO 8583 port moves to a free one for the test. */
    private static void copyExamples(Path extra, int iso8583Port) throws IOException {
        try (Stream<Path> examples = Files.list(EXAMPLES)) {
            for (Path example : examples.toList()) {
                String text = Files.readString(example);
                if (example.getFileName().toString().startsWith("ingest-iso8583-")) {
                    assertThat(text).contains(EXAMPLE_ISO8583_PORT);
                    text = text.replace(EXAMPLE_ISO8583_PORT, "\"" + iso8583Port + "\"");
                }
                Files.writeString(extra.resolve(example.getFileName()), text);
            }
        }
    }

    private static ConfigurableApplicationContext startHub(Path extraRoutes) {
        return new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-example-feeds",
                        "--hub.routes.extra-dir=" + extraRoutes,
                        "--hub.sources.kafka.enabled=false",
                        "--hub.sources.sqs.enabled=false",
                        "--hub.sources.s3.enabled=false",
                        "--hub.sources.iso8583.enabled=false",
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
    }

    private static ResponseEntity<String> postToNarmadaBankPath(ConfigurableApplicationContext hub, String uetr) {
        String url = "http://localhost:" + hub.getEnvironment().getProperty("local.server.port") + "/api/v1/messages/narmada-bank";
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        String document = sample("pacs008-in.xml").replaceFirst("<UETR>[^<]*</UETR>", "<UETR>" + uetr + "</UETR>");
        return new TestRestTemplate().withBasicAuth("submitter", "submitter-local")
                .postForEntity(url, new HttpEntity<>(document.getBytes(StandardCharsets.UTF_8), headers), String.class);
    }

    private static String sourceOfTerminal(JdbcTemplate jdbc, String terminal) {
        List<String> sources = jdbc.queryForList("select source from payment where message_id like '%:' || ?", String.class, terminal);
        return sources.isEmpty() ? null : sources.get(0);
    }

    private static String sample(String name) {
        try (InputStream in = ExampleFeedsIT.class.getResourceAsStream("/samples/iso20022/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
