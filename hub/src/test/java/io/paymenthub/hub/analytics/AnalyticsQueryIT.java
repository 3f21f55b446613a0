package io.paymenthub.hub.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.userdetails.User;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.UserDetailsManager;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ad hoc analytics against the real datastore: 500 payments across countries, some countries with 3 payments, in a
 * day of their own. Small groups are folded into "other", the totals still add up, fields that could single out a
 * card or a person are refused, every query is on the audit chain, and a user's queries are rate-limited.
 */
class AnalyticsQueryIT extends HubIntegrationTest {

    /** A day no other test stores payments in. */
    private static final Instant DAY = Instant.parse("2025-02-03T00:00:00Z");
    /** Payments per country: four large groups, five of 3 payments each (15 together, a fold large enough to release). */
    private static final Map<String, Integer> COUNTRIES = new LinkedHashMap<>();
    private static final String PASSWORD = "analytics-rate-limit-password";

    static {
        COUNTRIES.put("IN", 200);
        COUNTRIES.put("SG", 150);
        COUNTRIES.put("AE", 85);
        COUNTRIES.put("GB", 50);
        for (String small : List.of("FR", "DE", "JP", "BR", "ZA")) {
            COUNTRIES.put(small, 3);
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    UserDetailsService users;
    @Autowired
    PlatformTransactionManager transactionManager;

    @BeforeEach
    void storePaymentsOnce() {
        Long stored = jdbc.queryForObject("select count(*) from payment where received_at >= ? and received_at < ?",
                Long.class, Timestamp.from(DAY), Timestamp.from(DAY.plus(1, ChronoUnit.DAYS)));
        if (stored != null && stored == 500) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Integer> country : COUNTRIES.entrySet()) {
            for (int i = 0; i < country.getValue(); i++, n++) {
                Instant received = DAY.plus(n % 24, ChronoUnit.HOURS).plusSeconds(n);
                // a card per payment: every group passes the distinct-card test as it passes the payment count
                String token = String.format("%064x", new java.math.BigInteger(1, sha256("analytics-card-" + n)));
                rows.add(new Object[]{"ANL-" + n, "kafka", "ISO8583", "0200", country.getKey(), "in", "DE19",
                        1000L + n, "INR", token, "local-pan-v1", "411111******1111", Timestamp.from(received),
                        Timestamp.from(received.plusMillis(20)), n % 2 == 0 ? "5411" : "5999"});
            }
        }
        jdbc.batchUpdate("""
                insert into payment (message_id, source, format, message_type, origin_country, region, residency_field,
                                     amount_minor, currency, pan_token, pan_key_id, pan_masked, received_at, stored_at,
                                     mcc, status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED') on conflict do nothing
                """, rows);
    }

    @Test
    void smallGroupsAreFoldedIntoOtherAndTheTotalIsUnchanged() throws Exception {
        JsonNode answer = query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "group_by", List.of("origin_country"), "measures", List.of("count", "distinct_cards")));

        Map<String, Long> released = new HashMap<>();
        answer.get("rows").forEach(row -> released.put(row.get("origin_country").asText(), row.get("count").asLong()));
        assertThat(released).containsOnlyKeys("IN", "SG", "AE", "GB")
                .containsEntry("IN", 200L).containsEntry("SG", 150L).containsEntry("AE", 85L).containsEntry("GB", 50L);
        assertThat(answer.get("suppressed_groups").asLong()).isEqualTo(5);
        JsonNode other = answer.get("other").get(0);
        assertThat(other.get("groups").asLong()).isEqualTo(5);
        assertThat(other.get("released").asBoolean()).isTrue();
        assertThat(other.get("values").get("count").asLong()).isEqualTo(15);
        long total = released.values().stream().mapToLong(Long::longValue).sum() + other.get("values").get("count").asLong();
        assertThat(total).isEqualTo(500);

        JsonNode whole = query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "measures", List.of("count")));
        assertThat(whole.get("rows").get(0).get("count").asLong()).as("the day's total, ungrouped").isEqualTo(500);
    }

    @Test
    void theHourlyRollupAndThePaymentsThemselvesGiveTheSameAnswer() throws Exception {
        Map<String, Object> byCountry = Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "group_by", List.of("origin_country"), "measures", List.of("count"));
        // count alone is read from the rollup; with distinct cards, from the payments
        JsonNode fromPayments = query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "group_by", List.of("origin_country"), "measures", List.of("count", "distinct_cards")));
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from payment_rollup_delta where hour >= ? and hour < ?", Long.class,
                Timestamp.from(DAY), Timestamp.from(DAY.plus(1, ChronoUnit.DAYS))) == 0);
        JsonNode fromRollup = query(byCountry);

        assertThat(jdbc.queryForObject("select sum(payments) from payment_rollup where hour >= ? and hour < ?", Long.class,
                Timestamp.from(DAY), Timestamp.from(DAY.plus(1, ChronoUnit.DAYS)))).as("folded into the rollup").isEqualTo(500);
        assertThat(counts(fromRollup)).isEqualTo(counts(fromPayments));
        assertThat(fromRollup.get("other").get(0).get("values").get("count").asLong())
                .isEqualTo(fromPayments.get("other").get(0).get("values").get("count").asLong()).isEqualTo(15);
    }

    private static Map<String, Long> counts(JsonNode answer) {
        Map<String, Long> counts = new HashMap<>();
        answer.get("rows").forEach(row -> counts.put(row.get("origin_country").asText(), row.get("count").asLong()));
        return counts;
    }

    @Test
    void aQueryThatRunsPastItsTimeLimitIsCancelledAndRefused() throws Exception {
        TransactionTemplate readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);
        AnalyticsQueries hurried = new AnalyticsQueries(jdbc, readOnly, new AnalyticsProperties(10, 5, 3, 30, 1000,
                Duration.ofSeconds(5), Duration.ofMillis(300)));
        List<String> problems = new ArrayList<>();
        AnalyticsQuery query = AnalyticsQuery.read(json.readTree("{\"from\":\"" + DAY + "\",\"to\":\"" + DAY.plus(1, ChronoUnit.DAYS)
                + "\",\"group_by\":[\"mcc\"],\"measures\":[\"distinct_cards\"]}"), problems);
        assertThat(problems).isEmpty();
        // a query kept waiting, here behind another session's lock on the payments, is cancelled at its limit
        try (java.sql.Connection holder = jdbc.getDataSource().getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("lock table payment in access exclusive mode");
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> hurried.answer(query))
                    .isInstanceOf(io.paymenthub.hub.query.InvalidQuery.class)
                    .hasMessageContaining("hub.analytics.statement-timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            holder.rollback();
        }
    }

    @Test
    void aFoldTooSmallToReleaseShowsOnlyHowManyGroupsItHolds() throws Exception {
        JsonNode answer = query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "filters", Map.of("origin_country", List.of("IN", "FR", "DE")),
                "group_by", List.of("origin_country"), "measures", List.of("count", "sum_amount")));

        assertThat(answer.get("rows")).hasSize(1);
        assertThat(answer.get("rows").get(0).get("origin_country").asText()).isEqualTo("IN");
        assertThat(answer.get("rows").get(0).get("currency").asText()).as("amounts are per currency").isEqualTo("INR");
        JsonNode other = answer.get("other").get(0);
        assertThat(other.get("groups").asLong()).isEqualTo(2);
        assertThat(other.get("released").asBoolean()).isFalse();
        assertThat(other.get("values").isNull()).isTrue();
        assertThat(answer.toString()).doesNotContain("\"FR\"", "\"DE\"");
    }

    @Test
    void groupsByDayAndMerchantCategory() throws Exception {
        JsonNode answer = query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "filters", Map.of("amount_minor", Map.of("min", 1000, "max", 10000)),
                "group_by", List.of("mcc", "day"), "measures", List.of("count", "avg_amount", "p95_amount", "latency_p95")));

        assertThat(answer.get("rows")).hasSize(2);
        for (JsonNode row : answer.get("rows")) {
            assertThat(row.get("day").asText()).isEqualTo(DAY.toString());
            assertThat(row.get("count").asLong()).isEqualTo(250);
            assertThat(row.get("latency_p95").asLong()).isEqualTo(20);
            assertThat(row.get("avg_amount").decimalValue().doubleValue()).isBetween(1200.0, 1300.0);
        }
    }

    @Test
    void fieldsOutsideTheAllowListAreRefusedByName() throws Exception {
        String from = DAY.toString();
        String to = DAY.plus(1, ChronoUnit.DAYS).toString();
        ResponseEntity<String> byToken = post(Map.of("from", from, "to", to, "group_by", List.of("pan_token"), "measures", List.of("count")));
        assertThat(byToken.getStatusCode().value()).isEqualTo(400);
        assertThat(byToken.getBody()).contains("group_by.pan_token: not a dimension");

        ResponseEntity<String> filterByMessage = post(Map.of("from", from, "to", to,
                "filters", Map.of("message_id", "ANL-1"), "measures", List.of("count")));
        assertThat(filterByMessage.getStatusCode().value()).isEqualTo(400);
        assertThat(filterByMessage.getBody()).contains("filters.message_id: not a dimension").doesNotContain("ANL-1");

        ResponseEntity<String> panAsValue = post(Map.of("from", from, "to", to,
                "filters", Map.of("origin_country", JposMessages.VISA_TEST_PAN), "measures", List.of("count")));
        assertThat(panAsValue.getStatusCode().value()).isEqualTo(400);
        assertThat(panAsValue.getBody()).contains("filters.origin_country").doesNotContain(JposMessages.VISA_TEST_PAN);

        ResponseEntity<String> panAsName = post(Map.of("from", from, "to", to,
                "group_by", List.of(JposMessages.VISA_TEST_PAN), "measures", List.of("count")));
        assertThat(panAsName.getStatusCode().value()).isEqualTo(400);
        assertThat(panAsName.getBody()).doesNotContain(JposMessages.VISA_TEST_PAN);

        ResponseEntity<String> narrowSlice = post(Map.of("from", "2025-02-03T00:30:00Z", "to", to,
                "filters", Map.of("amount_minor", Map.of("min", 1234)), "measures", List.of("count")));
        assertThat(narrowSlice.getStatusCode().value()).isEqualTo(400);
        assertThat(narrowSlice.getBody()).contains("from: must be a whole hour", "filters.amount_minor.min: must be 0 or a power of ten");
    }

    @Test
    void differencingTwoAnswersDoesNotRevealASuppressedGroup() throws Exception {
        // all of GB's 50 payments, then GB with one small country beside it: the released figures cannot tell them apart
        JsonNode alone = query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "filters", Map.of("origin_country", List.of("GB")), "measures", List.of("count")));
        JsonNode withFrance = query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "filters", Map.of("origin_country", List.of("GB", "FR")), "measures", List.of("count")));
        assertThat(alone.get("rows").get(0).get("count").asLong()).isEqualTo(50);
        assertThat(withFrance.get("rows").get(0).get("count").asLong()).as("53, rounded to the base of 5").isEqualTo(55);
        assertThat(withFrance.get("rows").get(0).get("count").asLong() - alone.get("rows").get(0).get("count").asLong())
                .as("the difference is a multiple of the rounding base, not France's 3").isNotEqualTo(3);
    }

    @Test
    void everyQueryIsOnTheAuditChainWithItsShapeAndNoValue() throws Exception {
        String marker = "ZA";
        query(Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "filters", Map.of("origin_country", List.of(marker, "IN")), "group_by", List.of("origin_country"),
                "measures", List.of("count")));
        String detail = jdbc.queryForObject("select detail from audit_event where action = 'ANALYTICS_QUERY' and actor = 'analyst'"
                + " and outcome = 'SUCCESS' order by seq desc limit 1", String.class);
        JsonNode audited = json.readTree(detail);
        assertThat(audited.get("filters").toString()).isEqualTo("[\"origin_country\"]");
        assertThat(audited.get("group_by").toString()).isEqualTo("[\"origin_country\"]");
        assertThat(audited.get("released_rows").asInt()).isEqualTo(1);
        assertThat(audited.get("suppressed_groups").asInt()).isEqualTo(1);
        assertThat(detail).doesNotContain("\"" + marker + "\"");
    }

    @Test
    void onlyAnalystsQueryAndNothingIsServedButJson() {
        ResponseEntity<String> ops = http.withBasicAuth("ops", "ops-local").exchange("/api/v1/analytics/query",
                HttpMethod.POST, new HttpEntity<>("{}", jsonHeaders()), String.class);
        assertThat(ops.getStatusCode().value()).isEqualTo(403);
        ResponseEntity<String> anonymous = http.exchange("/api/v1/analytics/query", HttpMethod.POST,
                new HttpEntity<>("{}", jsonHeaders()), String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        HttpHeaders csv = jsonHeaders();
        csv.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        ResponseEntity<String> asCsv = http.withBasicAuth("analyst", "analyst-local").exchange("/api/v1/analytics/query",
                HttpMethod.POST, new HttpEntity<>("{\"from\":\"" + DAY + "\",\"to\":\"" + DAY.plus(1, ChronoUnit.DAYS)
                        + "\",\"measures\":[\"count\"]}", csv), String.class);
        assertThat(asCsv.getStatusCode().value()).isEqualTo(406);
    }

    @Test
    void aUserRunsAtMostTheQueriesAMinuteAllowed() throws Exception {
        String user = "rate-" + UUID.randomUUID().toString().substring(0, 6);
        registerAnalyst(user);
        Map<String, Object> body = Map.of("from", DAY.toString(), "to", DAY.plus(1, ChronoUnit.DAYS).toString(),
                "measures", List.of("count"));
        int allowed = 0;
        ResponseEntity<String> answer;
        do {
            answer = post(user, body);
            allowed += answer.getStatusCode().value() == 200 ? 1 : 0;
        } while (answer.getStatusCode().value() == 200 && allowed <= 30);
        assertThat(allowed).isEqualTo(30);
        assertThat(answer.getStatusCode().value()).isEqualTo(429);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("60");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from audit_event where actor = ? and action = 'ANALYTICS_QUERY' and outcome = 'DENIED'",
                Long.class, user)).isEqualTo(1));
    }

    @Test
    void aCardPaymentIngestedWithItsMerchantCategoryIsCountedByIt() throws Exception {
        String mcc = "7" + String.format("%03d", (int) (Math.random() * 1000));
        Instant before = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<byte[]> messages = new ArrayList<>();
        String terminal = "ANL" + UUID.randomUUID().toString().substring(0, 5).toUpperCase();
        for (int stan = 1; stan <= 12; stan++) {
            messages.add(JposMessages.purchase(stan, JposMessages.INDIA).set(41, terminal).set(18, mcc)
                    .set(2, SampleMessages.testCard(stan)).pack());
        }
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, messages);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "select count(*) from payment where mcc = ?", Long.class, mcc) == 12);
        JsonNode answer = query(Map.of("from", before.toString(), "to", before.plus(2, ChronoUnit.HOURS).toString(),
                "filters", Map.of("mcc", mcc), "group_by", List.of("mcc"), "measures", List.of("count", "distinct_cards")));
        assertThat(answer.get("rows")).hasSize(1);
        assertThat(answer.get("rows").get(0).get("mcc").asText()).isEqualTo(mcc);
        assertThat(answer.get("rows").get(0).get("count").asLong()).isEqualTo(10);   // 12, rounded to the base of 5
        assertThat(answer.get("rows").get(0).get("distinct_cards").asLong()).isEqualTo(10);
    }

    /** An analyst of this test alone, so no other test's queries count against the limit. */
    private void registerAnalyst(String user) {
        ((UserDetailsManager) users).createUser(User.withUsername(user).password("{noop}" + PASSWORD).roles("ANALYST").build());
    }

    private JsonNode query(Map<String, Object> body) throws Exception {
        ResponseEntity<String> answer = post(body);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
        return json.readTree(answer.getBody());
    }

    private ResponseEntity<String> post(Map<String, Object> body) throws Exception {
        return post("analyst", body);
    }

    private ResponseEntity<String> post(String user, Map<String, Object> body) throws Exception {
        String password = user.equals("analyst") ? "analyst-local" : PASSWORD;
        return http.withBasicAuth(user, password).exchange("/api/v1/analytics/query", HttpMethod.POST,
                new HttpEntity<>(json.writeValueAsString(body), jsonHeaders()), String.class);
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setAccept(List.of(MediaType.APPLICATION_JSON));
        return headers;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
