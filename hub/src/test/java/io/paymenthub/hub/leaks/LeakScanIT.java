package io.paymenthub.hub.leaks;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.LocalS3;
import io.paymenthub.hub.leaks.LeakReport.Location;
import io.paymenthub.hub.leaks.LeakReport.Status;
import io.paymenthub.hub.metrics.HubMeters;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The leak scanner: zero after a clean run everywhere the hub keeps data, and a planted clear PAN found in each kind of place. */
class LeakScanIT extends HubIntegrationTest {

    private static final String PAN = JposMessages.VISA_TEST_PAN;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Autowired
    LeakScanner scanner;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    TestRestTemplate http;
    @Autowired
    MeterRegistry meters;

    @Test
    void afterACleanRunNoClearPanIsAnywhere() {
        List<byte[]> messages = new ArrayList<>(SampleMessages.iso8583India("LSC00001", 1, 20));
        byte[] broken = JposMessages.purchase(21, JposMessages.INDIA).set(41, "LSC00001").pack();
        messages.add(Arrays.copyOf(broken, broken.length - 7));                             // dead-lettered
        messages.add(JposMessages.purchase(22, null).set(41, "LSC00001").pack());           // quarantined
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, messages);
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "select count(*) from payment where message_id like '%:LSC00001'", Long.class), n -> n == 20);
            kafka.awaitCommitted(group, topic, PATIENCE);
            // archive objects hold batches of messages: what counts is that all twenty are in objects to be scanned
            await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "select count(*) from archive_entry where message_id like '%:LSC00001'", Long.class), n -> n == 20);
        }

        LeakReport report = scanner.scan();

        assertThat(report.locations()).allSatisfy(l -> assertThat(l.status()).as(l.location()).isNotEqualTo(Status.FAILED));
        assertThat(report.clearPans()).as(report.toString()).isZero();
        assertThat(report.clean()).isTrue();
        assertThat(scanned(report, "datastore", "payment").items()).isGreaterThanOrEqualTo(20);
        assertThat(scanned(report, "dead-letter", topic + ".dlt").items()).isPositive();
        assertThat(scanned(report, "dead-letter", "payments.quarantine").items()).isPositive();
        assertThat(scanned(report, "log", Path.of(LOG_FILE).toString()).items()).isPositive();
        assertThat(report.locations()).anySatisfy(l -> {
            assertThat(l.kind()).isEqualTo("archive");
            assertThat(l.status()).isEqualTo(Status.SCANNED);
            assertThat(l.items()).isGreaterThanOrEqualTo(jdbc.queryForObject(
                    "select count(distinct object_key) from archive_entry where message_id like '%:LSC00001'", Long.class));
        });
    }

    @Test
    void aClearPanPlantedInEachKindOfPlaceIsFoundAndCountedThere() throws IOException {
        // places of this test's own, so that nothing planted here meets another test
        String plantedTopic = "leakscan.planted.dlt";
        String bucket = "leakscan-planted";
        Path logs = Files.createDirectories(Path.of("hub/target/leakscan"));
        Path log = logs.resolve("hub.log");
        LocalS3 s3 = DevServices.get().s3();
        LeakScanner planted = new LeakScanner(jdbc, transaction, brokers, List.of(plantedTopic),
                new LeakScanProperties(List.of(), List.of(log.toString()),
                        new LeakScanProperties.Archive(true, bucket, "archive/", s3.endpoint(), "ap-south-1")));
        try {
            jdbc.execute("create table leak_plant (id int primary key, note text, doc jsonb)");
            jdbc.update("insert into leak_plant values (1, ?, ?::jsonb)", "card " + PAN, "{\"pan\": \"" + PAN + "\"}");
            try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
                kafka.send(plantedTopic, List.of("{\"payload\":\"clean\"}".getBytes(StandardCharsets.UTF_8),
                        ("{\"reason\":\"card " + PAN + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            s3.createBuckets(bucket);
            try (S3Client client = s3.client()) {
                client.putObject(r -> r.bucket(bucket).key("archive/2026/11/26/clean.json"), RequestBody.fromString("{\"pan_masked\":\"411111******1111\"}"));
                client.putObject(r -> r.bucket(bucket).key("archive/2026/11/26/leak.json"), RequestBody.fromString("{\"pan\":\"" + PAN + "\"}"));
                client.putObject(r -> r.bucket(bucket).key("elsewhere/leak.json"), RequestBody.fromString(PAN)); // outside the prefix
            }
            Files.writeString(log, "started\npaid with " + PAN + "\n");
            try (OutputStream rolled = new GZIPOutputStream(Files.newOutputStream(logs.resolve("hub.log.2026-11-25.0.gz")))) {
                rolled.write(("t2 " + JposMessages.TRACK2 + "\n").getBytes(StandardCharsets.US_ASCII));
            }

            LeakReport report = planted.scan();

            Location table = scanned(report, "datastore", "leak_plant");
            assertThat(table.clearPans()).isEqualTo(2);
            assertThat(table.where()).containsExactly("note", "doc");
            Location topicFound = scanned(report, "dead-letter", plantedTopic);
            assertThat(topicFound.items()).isEqualTo(2);
            assertThat(topicFound.clearPans()).isEqualTo(1);
            Location archive = scanned(report, "archive", "s3://" + bucket + "/archive/");
            assertThat(archive.items()).isEqualTo(2);
            assertThat(archive.clearPans()).isEqualTo(1);
            assertThat(archive.where()).containsExactly("archive/2026/11/26/leak.json");
            assertThat(scanned(report, "log", log.toString()).where()).containsExactly("line 2");
            assertThat(scanned(report, "log", logs.resolve("hub.log.2026-11-25.0.gz").toString()).clearPans()).isEqualTo(1);
            assertThat(report.clearPansIn("datastore")).isEqualTo(2);
            assertThat(report.clean()).isFalse();
            assertThat(report.toString()).doesNotContain(PAN);
            // the hub's own scanner finds the planted table too, and serves the count the leak alert reads
            assertThat(scanner.scan().clearPansIn("datastore")).isEqualTo(2);
            assertThat(clearPansServed("datastore")).isEqualTo(2.0);
            assertThat(clearPansServed("log")).isZero();
        } finally {
            jdbc.execute("drop table if exists leak_plant");
        }
        assertThat(scanner.scan().clearPansIn("datastore")).isZero();
        assertThat(clearPansServed("datastore")).as("a clean scan ends the alert").isZero();
    }

    /** {@code hub_leak_scan_clear_pans{kind}}: what the last scan of the hub's scanner found there. */
    private double clearPansServed(String kind) {
        return meters.get(HubMeters.LEAK_SCAN_CLEAR_PANS).tag("kind", kind).gauge().value();
    }

    @Test
    void auditorsRunTheScanOverHttpAndNobodyElseDoesAndEachScanIsOnTheAuditChain() {
        long before = jdbc.queryForObject("select coalesce(max(seq), 0) from audit_event", Long.class);
        ResponseEntity<String> audited = http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/leak-scan", String.class);

        assertThat(audited.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(audited.getBody()).contains("\"clearPans\":", "\"kind\":\"datastore\"", "\"kind\":\"dead-letter\"", "\"kind\":\"archive\"");
        var row = jdbc.queryForMap("select actor, target, detail::jsonb ->> 'clear_pans' as clear_pans,"
                + " detail::jsonb ->> 'locations' as locations from audit_event where seq > ? and action = 'LEAK_SCAN'", before);
        assertThat(row).containsEntry("actor", "auditor").containsEntry("target", "GET /api/v1/audit/leak-scan");
        assertThat(Long.parseLong((String) row.get("locations"))).isPositive();
        assertThat(row.get("clear_pans")).isNotNull();
        assertThat(http.withBasicAuth("analyst", "analyst-local").getForEntity("/api/v1/audit/leak-scan", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("ops", "ops-local").getForEntity("/api/v1/audit/leak-scan", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private static Location scanned(LeakReport report, String kind, String location) {
        return report.locations().stream().filter(l -> l.kind().equals(kind) && l.location().equals(location)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " location " + location + " in " + report.locations()));
    }
}
