package io.paymenthub.hub;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.LocalPostgres;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.forwarding.EnvelopeOpener;
import io.paymenthub.forwarding.SealedEnvelope;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.ManagedKey;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.hub.support.SampleMessages.Pacs008;
import io.paymenthub.samples.JposMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two hubs, two regions, one Kafka: hub {@code in} and hub {@code sg}, each with its own PostgreSQL and its own keys,
 * each forwarding the other's payments to the other's inbound topic, sealed with the other's public key (exported by
 * the other's hub). Every message ends stored exactly once, in its own region; nothing on the forwarding topic is
 * card data in clear, and the sender cannot open what it forwarded.
 */
@ExtendWith({DevServicesExtension.class, OutputCaptureExtension.class})
class TwoRegionsIT {

    private static final String TERMINAL = "TWO00001";
    private static final int EACH = 20;

    @Test
    void everyPaymentIsStoredOnceInItsOwnRegionAndNowhereElse(CapturedOutput log) throws Exception {
        DevServices services = DevServices.get();
        LocalPostgres sgDatastore = services.regionDatastore("sg");
        String brokers = services.springProperties().get("hub.sources.kafka.brokers");

        List<byte[]> india = new ArrayList<>(SampleMessages.iso8583India(TERMINAL, 1, EACH));
        india.addAll(SampleMessages.pacs008(Pacs008.IN, "TWO-IN", EACH));
        List<byte[]> singapore = new ArrayList<>();
        List<byte[]> unknown = new ArrayList<>();
        for (int stan = 1001; stan < 1001 + EACH; stan++) {
            singapore.add(JposMessages.purchase(stan, JposMessages.SINGAPORE).set(41, TERMINAL).pack());
            unknown.add(JposMessages.purchase(stan + 1000, null).set(41, TERMINAL).pack());
        }
        singapore.addAll(SampleMessages.pacs008(Pacs008.SG, "TWO-SG", EACH));
        unknown.addAll(SampleMessages.pacs008(Pacs008.UNKNOWN, "TWO-XX-" + UUID.randomUUID().toString().substring(0, 8), EACH));
        List<String> singaporeIds = ids(singapore);

        try (ConfigurableApplicationContext hubSg = startHub("sg", sgDatastore, null);
             ConfigurableApplicationContext hubIn = startHub("in", null, sealPublicKey(hubSg));
             KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            List<byte[]> all = new ArrayList<>(india);
            all.addAll(singapore);
            all.addAll(unknown);
            kafka.send("payments.in", all);

            JdbcTemplate in = hubIn.getBean(JdbcTemplate.class);
            JdbcTemplate sg = hubSg.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(90)).until(() -> stored(in, ids(india)) == india.size()
                    && stored(sg, singaporeIds) == singapore.size());
            kafka.awaitCommitted("hub-in", "payments.in", Duration.ofSeconds(60));
            kafka.awaitCommitted("hub-sg", "payments.sg", Duration.ofSeconds(60));

            assertThat(stored(in, singaporeIds)).isZero();
            assertThat(sg.queryForObject("select count(distinct message_id) from payment where message_id in ("
                    + placeholders(singaporeIds.size()) + ")", Long.class, singaporeIds.toArray())).isEqualTo(singapore.size());

            // what rests on the forwarding topic: envelopes only, no PAN or track in clear, references readable
            List<ConsumerRecord<byte[], byte[]>> forwarded = kafka.readAll("payments.sg");
            List<String> envelopeIds = new ArrayList<>();
            EnvelopeOpener sender = new EnvelopeOpener("sg", hubIn.getBean(HubKeys.class).ring().keys(KeyPurpose.FORWARD)
                    .stream().map(ManagedKey::material).toList());
            for (ConsumerRecord<byte[], byte[]> record : forwarded) {
                String text = new String(record.value(), StandardCharsets.UTF_8);
                assertThat(PanMasking.countClearPans(text)).as("clear PANs on payments.sg").isZero();
                assertThat(text).doesNotContain(JposMessages.VISA_TEST_PAN).doesNotContain(JposMessages.TRACK2);
                SealedEnvelope envelope = SealedEnvelope.read(record.value());
                assertThat(envelope).as("a sealed envelope: %s", text.substring(0, Math.min(40, text.length()))).isNotNull();
                assertThat(envelope.homeRegion()).isEqualTo("sg");
                assertThat(envelope.senderRegion()).isEqualTo("in");
                assertThatThrownBy(() -> sender.open(envelope)).as("India opens what it sealed for Singapore")
                        .isInstanceOf(MessageRejected.class);
                envelopeIds.add(envelope.messageId());
            }
            assertThat(envelopeIds).containsAll(singaporeIds);
            assertThat(stored(sg, ids(india))).isZero();
            assertThat(stored(in, ids(unknown)) + stored(sg, ids(unknown))).isZero();
            assertThat(in.queryForObject("select count(*) from residency_decision where outcome = 'UNKNOWN' and message_id in ("
                    + placeholders(unknown.size()) + ")", Long.class, ids(unknown).toArray())).isEqualTo(unknown.size());
            String quarantine = String.join("\n", kafka.readAll("payments.quarantine").stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
            for (String id : ids(unknown)) {
                assertThat(quarantine).contains("\"message_id\":\"" + id + "\"");
            }

            String inDump = String.join("\n", in.queryForList("select row_to_json(p)::text from payment p", String.class))
                    + String.join("\n", in.queryForList("select row_to_json(d)::text from residency_decision d", String.class));
            for (String id : singaporeIds) {
                assertThat(inDump).doesNotContain(id);
                assertThat(log.getAll()).doesNotContain(id);
            }

            String report = get(hubIn, "/api/v1/audit/residency-report");
            assertThat(report).contains("\"region\":\"in\"", "\"storedWithForeignOrigin\":0");
            assertThat(number(report, "forwarded")).isGreaterThanOrEqualTo(singapore.size());
            assertThat(number(report, "quarantined")).isGreaterThanOrEqualTo(unknown.size());
            assertThat(get(hubIn, "/actuator/prometheus"))
                    .containsPattern("hub_residency_decisions_total\\{[^}]*country=\"SG\"[^}]*outcome=\"FOREIGN\"");
        }
    }

    /** Each region its own keystore: India's forwarding key is not Singapore's. */
    private static ConfigurableApplicationContext startHub(String region, LocalPostgres datastore, String singaporeSealKey) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--camel.main.name=hub-" + region,
                "--hub.region=" + region, "--hub.sources.iso8583.enabled=false", "--spring.jmx.unique-names=true",
                "--hub.sources.kafka.topic=payments." + region, "--hub.sources.kafka.group-id=hub-" + region,
                "--management.defaults.metrics.export.enabled=true",
                "--hub.masking.keystore.path=hub/target/test-keys" + (region.equals("in") ? "" : "-" + region) + ".p12"));
        if (singaporeSealKey != null) {
            args.add("--hub.residency.regions.sg.seal-public-key=" + singaporeSealKey);
        }
        if (datastore != null) {
            args.addAll(List.of("--spring.datasource.url=" + datastore.jdbcUrl(),
                    "--spring.datasource.username=" + datastore.username(),
                    "--spring.datasource.password=" + datastore.password()));
        }
        return new SpringApplicationBuilder(PaymentHubApplication.class).profiles("local").run(args.toArray(String[]::new));
    }

    /** Singapore's public forwarding key, as its operator exports it for the other regions. */
    private static String sealPublicKey(ConfigurableApplicationContext hub) throws Exception {
        String exported = get(hub, "/actuator/hubkeys/forward-public");
        Matcher m = Pattern.compile("\"sealPublicKey\":\"([^\"]+)\"").matcher(exported);
        assertThat(m.find()).as("sealPublicKey in %s", exported).isTrue();
        assertThat(exported).contains("\"region\":\"sg\"");
        return m.group(1);
    }

    /** The idempotency keys the hubs give these messages: ISO 8583 from its fields, pacs.008 its UETR or MsgId:EndToEndId. */
    private static List<String> ids(List<byte[]> messages) {
        List<String> ids = new ArrayList<>();
        Pattern uetr = Pattern.compile("<UETR>([^<]+)</UETR>");
        Pattern msgId = Pattern.compile("<MsgId>([^<]+)</MsgId>");
        Pattern endToEnd = Pattern.compile("<EndToEndId>([^<]+)</EndToEndId>");
        for (byte[] message : messages) {
            String text = new String(message, StandardCharsets.UTF_8);
            if (text.startsWith("0200")) {
                var iso = io.paymenthub.hub.support.Iso8583TestClient.unpack(message);
                ids.add("0200:" + iso.getString(11) + ":" + iso.getString(7) + ":" + iso.getString(32) + ":" + iso.getString(41));
            } else {
                Matcher m = uetr.matcher(text);
                if (m.find()) {
                    ids.add(m.group(1));
                } else {
                    Matcher id = msgId.matcher(text);
                    Matcher e2e = endToEnd.matcher(text);
                    ids.add((id.find() ? id.group(1) : "") + ":" + (e2e.find() ? e2e.group(1) : ""));
                }
            }
        }
        return ids;
    }

    private static long stored(JdbcTemplate jdbc, List<String> ids) {
        return jdbc.queryForObject("select count(*) from payment where message_id in (" + placeholders(ids.size()) + ")",
                Long.class, ids.toArray());
    }

    private static String placeholders(int count) {
        return String.join(",", java.util.Collections.nCopies(count, "?"));
    }

    private static String get(ConfigurableApplicationContext hub, String path) throws Exception {
        String user = path.startsWith("/actuator") ? "ops:ops-local" : "auditor:auditor-local";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + hub.getEnvironment().getProperty("local.server.port") + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", field, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
