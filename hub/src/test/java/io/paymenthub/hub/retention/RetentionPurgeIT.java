package io.paymenthub.hub.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.s3.S3Configuration;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.ConnectionCallback;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Rows older than their retention, written with past timestamps, are purged in small batches while payments keep
 * arriving; rows just inside their retention stay; the purge is on the audit chain and the report is clean after.
 * The application role cannot use the purge to remove anything recent, nor remove anything without it.
 */
class RetentionPurgeIT extends HubIntegrationTest {

    private static final String TERMINAL = "RET00001";
    private static final int OLD_PAYMENTS = 3_000;
    private static final int ARRIVING = 200;

    @Autowired
    TestRestTemplate http;
    @Autowired
    AuditLog audit;
    @Autowired
    RetentionProperties retention;
    @Autowired
    ObjectMapper json;
    @Autowired
    HubProperties hub;

    @Test
    void whatIsPastItsRetentionIsPurgedInBatchesWhileIngestContinues() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        Instant oldPayment = days(past(now, retention.payments()), -3);
        Instant keptPayment = days(past(now, retention.payments()), 3);
        insertPayments("RET-OLD-" + run + "-", OLD_PAYMENTS, oldPayment);
        insertPayments("RET-KEEP-" + run + "-", 20, keptPayment);
        insertDated("insert into residency_decision (source, format, outcome, origin_country, region, deciding_field, decided_at)"
                + " values ('kafka', 'ISO8583', 'FOREIGN', 'SG', 'sg', 'DE19', ?)", days(past(now, retention.residencyDecisions()), -3));
        jdbc.update("insert into payment_status_pending (message_id, status, report_id, received_at) values (?, 'ACSC', 'R1', ?)",
                "RET-PENDING-OLD-" + run, Timestamp.from(days(past(now, retention.pendingStatuses()), -1)));
        jdbc.update("insert into payment_status_pending (message_id, status, report_id, received_at) values (?, 'ACSC', 'R1', ?)",
                "RET-PENDING-KEEP-" + run, Timestamp.from(days(past(now, retention.pendingStatuses()), 1)));
        insertDated("insert into dead_letter_event (source, reason, at) values ('kafka', 'DE11', ?)",
                days(past(now, retention.deadLetterEvents()), -1));
        jdbc.update("insert into archive_entry (message_id, object_key, record_offset, record_length, archived_at)"
                + " values (?, 'archive/old', 0, 1, ?)", "RET-OLD-" + run + "-1", Timestamp.from(days(past(now, retention.archive()), -3)));
        // the analytics rollup has taken the old payments' hour in
        await().atMost(Duration.ofSeconds(30)).until(() -> rollupPayments(oldPayment), n -> n >= OLD_PAYMENTS);

        JsonNode before = report();
        assertThat(before.get("clean").asBoolean()).isFalse();
        assertThat(store(before, "payments").get("past_retention").asBoolean()).isTrue();

        // 100 rows a statement: thirty and more short deletes, with payments arriving over Kafka meanwhile
        RetentionProperties smallBatches = new RetentionProperties(retention.purgeInterval(), 100, Duration.ofMillis(10),
                retention.payments(), retention.residencyDecisions(), retention.pendingStatuses(), retention.deadLetterEvents(),
                retention.archive(), retention.deadLetterTopics(), retention.auditEvents(), Map.of());
        RetentionPurge purge = new RetentionPurge(jdbc, audit, smallBatches, "in", Clock.systemUTC());
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            CompletableFuture<Void> ingest = CompletableFuture.runAsync(() -> kafka.send(topic, SampleMessages.iso8583India(TERMINAL, 1, ARRIVING)));
            RetentionPurge.Run purged = purge.purge().orElseThrow();
            ingest.join();
            kafka.awaitCommitted(group, topic, Duration.ofSeconds(90));

            assertThat(purged.refused()).isEmpty();
            assertThat(purged.removed().get(RetainedStore.PAYMENTS)).isGreaterThanOrEqualTo(OLD_PAYMENTS);
            assertThat(purged.removed().get(RetainedStore.RESIDENCY_DECISIONS)).isGreaterThanOrEqualTo(1);
            assertThat(purged.removed().get(RetainedStore.PENDING_STATUSES)).isGreaterThanOrEqualTo(1);
            assertThat(purged.removed().get(RetainedStore.DEAD_LETTER_EVENTS)).isGreaterThanOrEqualTo(1);
            assertThat(purged.removed().get(RetainedStore.ARCHIVE_INDEX)).isGreaterThanOrEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from payment where message_id like '%:' || ?", Long.class, TERMINAL), n -> n == ARRIVING);
        assertThat(count("select count(*) from payment where message_id like ?", "RET-OLD-" + run + "-%")).isZero();
        assertThat(count("select count(*) from payment where message_id like ?", "RET-KEEP-" + run + "-%")).isEqualTo(20);
        assertThat(count("select count(*) from payment_status_pending where message_id like ?", "RET-PENDING-%" + run)).isEqualTo(1);
        assertThat(rollupPayments(oldPayment)).isZero();
        assertThat(rollupPayments(keptPayment)).isGreaterThanOrEqualTo(20);

        Map<String, Object> event = jdbc.queryForMap("select actor, outcome, detail from audit_event where action = 'RETENTION_PURGE'"
                + " order by seq desc limit 1");
        assertThat(event.get("actor")).isEqualTo("payment-hub");
        assertThat(event.get("outcome")).isEqualTo("SUCCESS");
        JsonNode removed = json.readTree((String) event.get("detail")).get("removed");
        assertThat(removed.get("payments").asLong()).isGreaterThanOrEqualTo(OLD_PAYMENTS);

        expireArchiveAfterDays(1000);
        JsonNode after = report();
        assertThat(after.get("clean").asBoolean()).as(after.toString()).isTrue();
        for (JsonNode store : after.get("stores")) {
            assertThat(store.get("past_retention").asBoolean()).as(store.toString()).isFalse();
        }
        assertThat(store(after, "payments").get("oldest").asText()).isNotEmpty();
        assertThat(store(after, "audit-events").get("kind").asText()).isEqualTo("minimum");
        assertThat(after.get("last_purge").get("removed").get("payments").asLong()).isGreaterThanOrEqualTo(OLD_PAYMENTS);
        assertThat(count("select count(*) from audit_event where action = 'RETENTION_REPORT' and actor = 'auditor'", null))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void theArchiveBucketsLifecycleAndTheDeadLetterTopicsRetentionAreChecked() throws Exception {
        // checked at start-up too: the shared hub started before any rule was set
        assertThat(Files.readString(Path.of(LOG_FILE))).contains("Retention of archive-objects s3://");

        try (S3Client s3 = archiveBucket()) {
            s3.deleteBucketLifecycle(delete -> delete.bucket(hub.archive().bucket()));
        }
        assertThat(store(report(), "archive-objects").get("problem").asText()).contains("no enabled lifecycle rule");
        expireArchiveAfterDays(3650);
        JsonNode tooLong = store(report(), "archive-objects");
        assertThat(tooLong.get("holds").asBoolean()).isFalse();
        assertThat(tooLong.get("problem").asText()).contains("3650 days, more than P5Y");
        expire("region=sg/", 100);   // another region's objects: says nothing of this region's
        assertThat(store(report(), "archive-objects").get("holds").asBoolean()).isFalse();
        expireArchiveAfterDays(1000);
        JsonNode holds = store(report(), "archive-objects");
        assertThat(holds.get("holds").asBoolean()).as(holds.toString()).isTrue();
        assertThat(holds.get("enforced_by").asText()).contains("after 1000 days");

        String deadLetters = topic + ".dlt";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            if (!admin.listTopics().names().get().contains(deadLetters)) {
                admin.createTopics(List.of(new NewTopic(deadLetters, 1, (short) 1))).all().get();
            }
            retainFor(admin, deadLetters, Duration.ofDays(90));
            JsonNode kept = topicStore(report(), deadLetters);
            assertThat(kept.get("holds").asBoolean()).isFalse();
            assertThat(kept.get("problem").asText()).contains("retention.ms " + Duration.ofDays(90).toMillis() + " is more than P30D");
            retainFor(admin, deadLetters, Duration.ofDays(7));
            assertThat(topicStore(report(), deadLetters).get("holds").asBoolean()).isTrue();
        }
    }

    @Test
    void theApplicationRoleCannotPurgeWhatIsRecentNorDeleteWithoutThePurge() {
        // a stolen application credential "purging" yesterday's payments is refused by the datastore's floor
        assertThatThrownBy(() -> jdbc.queryForObject("select retention_purge('payment', now() - interval '1 day', 100)", Integer.class))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("keeps at least");
        assertThatThrownBy(() -> jdbc.queryForObject("select retention_purge('audit_event', '1990-01-01', 100)", Integer.class))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("not a store the hub purges");
        assertThatThrownBy(() -> jdbc.update("delete from payment where received_at < now()"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("update retention_floor set minimum = '0'"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        // nor by a temporary floor table of its own, which the function's search path never reaches
        assertThatThrownBy(() -> jdbc.execute((ConnectionCallback<Object>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create temporary table retention_floor (store varchar(40), minimum interval)");
                statement.execute("insert into retention_floor values ('payment', '0')");
                try {
                    return statement.executeQuery("select retention_purge('payment', now(), 100)").next();
                } finally {
                    statement.execute("drop table pg_temp.retention_floor");
                }
            }
        })).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("keeps at least");
    }

    @Test
    void onlyAnAuditorReadsTheRetentionReport() {
        for (String[] user : new String[][]{{"analyst", "analyst-local"}, {"ops", "ops-local"}, {"submitter", "submitter-local"}}) {
            ResponseEntity<String> refused = http.withBasicAuth(user[0], user[1]).getForEntity("/api/v1/audit/retention-report", String.class);
            assertThat(refused.getStatusCode()).as(user[0]).isEqualTo(HttpStatus.FORBIDDEN);
        }
        HttpHeaders script = new HttpHeaders();
        script.set("X-Requested-With", "XMLHttpRequest");   // a script without credentials (a browser is sent to log in)
        assertThat(http.exchange("/api/v1/audit/retention-report", HttpMethod.GET, new HttpEntity<>(script), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private JsonNode report() throws Exception {
        ResponseEntity<String> answer = http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/retention-report", String.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private static JsonNode store(JsonNode report, String name) {
        for (JsonNode store : report.get("stores")) {
            if (store.get("store").asText().equals(name)) {
                return store;
            }
        }
        throw new AssertionError("no store " + name + " in " + report);
    }

    private S3Client archiveBucket() {
        return S3Configuration.client(hub.archive().endpoint(), hub.archive().region());
    }

    private void expireArchiveAfterDays(int days) {
        expire("region=in/", days);
    }

    private void expire(String prefix, int days) {
        try (S3Client s3 = archiveBucket()) {
            s3.putBucketLifecycleConfiguration(put -> put.bucket(hub.archive().bucket()).lifecycleConfiguration(rules -> rules.rules(
                    LifecycleRule.builder().id("archive-retention").status(ExpirationStatus.ENABLED)
                            .filter(filter -> filter.prefix(prefix)).expiration(expiry -> expiry.days(days)).build())));
        }
    }

    private static void retainFor(Admin admin, String topic, Duration retention) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())), AlterConfigOp.OpType.SET))))
                .all().get();
    }

    private static JsonNode topicStore(JsonNode report, String topic) {
        for (JsonNode store : report.get("stores")) {
            if (store.path("location").asText().equals("kafka:" + topic)) {
                return store;
            }
        }
        throw new AssertionError("no topic " + topic + " in " + report);
    }

    private void insertPayments(String prefix, int count, Instant receivedAt) {
        jdbc.update("""
                insert into payment (message_id, source, format, message_type, origin_country, region, amount_minor, currency,
                                     pan_token, received_at, status)
                select ? || g, 'kafka', 'ISO8583', '0200', 'IN', 'in', 1000, 'INR', md5(? || g) || md5(g::text), ?, 'STORED'
                  from generate_series(1, ?) g""", prefix, prefix, Timestamp.from(receivedAt), count);
    }

    private void insertDated(String sql, Instant at) {
        jdbc.update(sql, Timestamp.from(at));
    }

    private long rollupPayments(Instant at) {
        return jdbc.queryForObject("""
                select coalesce(sum(payments), 0) from (select payments from payment_rollup where hour = date_trunc('hour', ?::timestamptz, 'UTC')
                 union all select payments from payment_rollup_delta where hour = date_trunc('hour', ?::timestamptz, 'UTC')) r""",
                Long.class, Timestamp.from(at), Timestamp.from(at));
    }

    private long count(String sql, String argument) {
        return argument == null ? jdbc.queryForObject(sql, Long.class) : jdbc.queryForObject(sql, Long.class, argument);
    }

    private static Instant past(Instant now, Period period) {
        return now.atOffset(ZoneOffset.UTC).minus(period).toInstant();
    }

    private static Instant days(Instant at, int days) {
        return at.plus(Duration.ofDays(days));
    }
}
