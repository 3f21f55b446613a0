package io.paymenthub.hub.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.carddata.PanMasking;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.TestGrants;
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
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.UserDetailsManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Time-limited access grants against the whole hub and its PostgreSQL: search by PAN and archive opening need a
 * live grant, approved by someone else; a grant's searches and a user's searches a minute are budgeted across
 * parallel requests, and every step is on a chain that still verifies. Each test signs in as users of its own, so
 * that no other test's grants or searches count here.
 */
class AccessGrantIT extends HubIntegrationTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final String PASSWORD = "grant-test-password";
    private static final Pattern ALERTS = Pattern.compile(
            "^hub_security_alerts_total\\{[^}]*kind=\"pan_search_budget_exceeded\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    @Autowired
    TestRestTemplate http;
    @Autowired
    UserDetailsService users;

    private String analyst;

    @BeforeEach
    void freshAnalyst() {
        analyst = user("ANALYST");
    }

    @Test
    void anAnalystWithoutAGrantIsRefusedNamingTheMissingGrantAndTheRefusalIsAudited() {
        ResponseEntity<String> refused = search(analyst, randomPan());

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBody()).contains("needs a live access grant of scope 'pan-search'");
        assertThat(lastEventOf(analyst)).containsEntry("action", "ACCESS_DENIED").containsEntry("outcome", "DENIED");
        assertThat(count("select count(*) from audit_event where actor = ? and action = 'PAYMENT_SEARCH_BY_PAN'", analyst)).isZero();
    }

    @Test
    void aGrantItsRequesterApprovesIsRefusedEvenWhenTheRequesterIsAnApprover() {
        String both = user("ANALYST", "APPROVER");
        UUID grant = requested(both, "pan-search", "PT1H");

        ResponseEntity<JsonNode> selfApproved = TestGrants.post(http, both, PASSWORD, "/api/v1/access-grants/" + grant + "/approve", null);

        assertThat(selfApproved.getStatusCode().value()).isEqualTo(403);
        assertThat(selfApproved.getBody().get("detail").asText()).isEqualTo("a grant cannot be approved by the user who requested it");
        assertThat(lastEventOf(both)).containsEntry("action", "ACCESS_DENIED");
        assertThat(lastEventOf(both).get("detail").toString()).contains(grant.toString(), "cannot be approved by the user who requested it");
        assertThat(status(grant)).isEqualTo("PENDING");
        assertThat(search(both, randomPan()).getStatusCode().value()).isEqualTo(403);
        // an analyst is not an approver at all: the security rules stop them first
        assertThat(TestGrants.post(http, analyst, PASSWORD, "/api/v1/access-grants/" + grant + "/approve", null)
                .getStatusCode().value()).isEqualTo(403);
        // another approver may
        assertThat(TestGrants.post(http, TestGrants.APPROVER, TestGrants.APPROVER_PASSWORD,
                "/api/v1/access-grants/" + grant + "/approve", null).getBody().get("approved_by").asText()).isEqualTo("approver");
        assertThat(search(both, randomPan()).getStatusCode().value()).isEqualTo(200);
    }

    /** The oracle closed: 200 rapid searches in parallel get the grant's 20 answers, then 429, and the grant is gone. */
    @Test
    void parallelSearchesGetAtMostTheGrantsBudgetThenTheGrantIsRevokedAndAnAlertRaised() throws Exception {
        double alertsBefore = alerts();
        UUID grant = TestGrants.approved(http, analyst, PASSWORD, "pan-search", "PT2H");

        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            Set<String> pans = new HashSet<>();
            while (pans.size() < 200) {
                pans.add(randomPan());
            }
            for (String pan : pans) {
                answers.add(clients.submit((Callable<Integer>) () -> search(analyst, pan).getStatusCode().value()));
            }
        } finally {
            clients.shutdown();
        }
        Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
        for (Future<Integer> answer : answers) {
            byStatus.merge(answer.get(), 1, Integer::sum);
        }

        assertThat(byStatus.get(200)).as("answered searches %s", byStatus).isEqualTo(20);
        assertThat(byStatus.get(429)).as("refused past the budget %s", byStatus).isPositive();
        assertThat(byStatus.keySet()).containsOnly(200, 429, 403);
        assertThat(count("select uses from access_grant where id = ?", grant)).isEqualTo(20);
        assertThat(count("select count(*) from audit_event where actor = ? and action = 'PAYMENT_SEARCH_BY_PAN'", analyst)).isEqualTo(20);

        ResponseEntity<String> after = search(analyst, randomPan());
        assertThat(after.getStatusCode().value()).isEqualTo(403);
        assertThat(after.getBody()).contains("needs a live access grant of scope 'pan-search'");
        assertThat(status(grant)).isEqualTo("REVOKED");
        assertThat(count("select count(*) from audit_event where action = 'PAN_SEARCH_BUDGET_EXCEEDED' and actor = ? and detail like ?",
                analyst, "%" + grant + "%")).isEqualTo(byStatus.get(429).longValue());
        assertThat(count("select count(*) from audit_event where action = 'ACCESS_GRANT_REVOKED' and detail like ?",
                "%" + grant + "%pan-search budget exceeded: at most 20 searches per grant%")).isEqualTo(1);
        assertThat(http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/verify", JsonNode.class)
                .getBody().get("valid").asBoolean()).isTrue();
        assertThat(alerts()).isEqualTo(alertsBefore + byStatus.get(429));
    }

    /** Several grants do not lift the user's rate: past 30 searches in a minute (the tests' setting) the next is 429. */
    @Test
    void aUsersSearchesAMinuteAreLimitedAcrossGrants() {
        UUID first = TestGrants.approved(http, analyst, PASSWORD, "pan-search", "PT1H");
        UUID second = TestGrants.approved(http, analyst, PASSWORD, "pan-search", "PT2H");

        for (int search = 1; search <= 30; search++) {
            assertThat(search(analyst, randomPan()).getStatusCode().value()).as("search %d", search).isEqualTo(200);
        }
        ResponseEntity<String> limited = search(analyst, randomPan());

        assertThat(limited.getStatusCode().value()).isEqualTo(429);
        assertThat(limited.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(limited.getBody()).contains("at most 30 searches a minute");
        assertThat(count("select uses from access_grant where id = ?", first)).isEqualTo(20);
        assertThat(count("select uses from access_grant where id = ?", second)).isEqualTo(10);
        assertThat(status(second)).isEqualTo("REVOKED");
        assertThat(lastEventOf(analyst)).containsEntry("action", "ACCESS_GRANT_REVOKED");
    }

    @Test
    void anExpiredGrantRefusesAndItsExpiryIsAudited() {
        UUID grant = TestGrants.approved(http, analyst, PASSWORD, "pan-search", "PT3S");
        assertThat(search(analyst, randomPan()).getStatusCode().value()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> status(grant).equals("EXPIRED"));
        ResponseEntity<String> refused = search(analyst, randomPan());

        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getBody()).contains("needs a live access grant of scope 'pan-search'");
        assertThat(count("select count(*) from audit_event where action = 'ACCESS_GRANT_EXPIRED' and detail like ?",
                "%" + grant + "%")).isEqualTo(1);
        assertThat(count("select count(*) from access_grant where id = ? and status = 'EXPIRED'", grant)).isEqualTo(1);
    }

    @Test
    void openingTheArchiveNeedsAnArchiveOpenGrant() {
        String auditor = user("AUDITOR");
        String path = "/api/v1/audit/archive/0200:999999:1126101500:400123:NOTSTORED";

        ResponseEntity<String> refused = http.withBasicAuth(auditor, PASSWORD).getForEntity(path, String.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(refused.getBody()).contains("needs a live access grant of scope 'archive-open'");
        // a pan-search grant is not the scope asked for; an auditor may not even request it
        assertThat(TestGrants.request(http, auditor, PASSWORD, body("pan-search", "PT1H")).getStatusCode().value()).isEqualTo(403);

        UUID grant = TestGrants.approved(http, auditor, PASSWORD, "archive-open", "PT10M");
        assertThat(http.withBasicAuth(auditor, PASSWORD).getForEntity(path, String.class).getStatusCode().value()).isEqualTo(404);
        assertThat(count("select uses from access_grant where id = ?", grant)).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where actor = ? and action = 'ACCESS_GRANT_USED' and detail like ?",
                auditor, "%" + grant + "%")).isEqualTo(1);
    }

    @Test
    void aDurationOverEightHoursIsRefusedNamingTheField() {
        ResponseEntity<JsonNode> tooLong = TestGrants.request(http, analyst, PASSWORD, body("pan-search", "PT8H1M"));

        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLong.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(tooLong.getBody().get("problems").get(0).asText()).startsWith("duration: ");
        assertThat(TestGrants.request(http, analyst, PASSWORD, "{\"scope\":\"pan-search\",\"duration\":\"PT1H\"}")
                .getBody().get("detail").asText()).startsWith("justification: required");
        assertThat(TestGrants.request(http, analyst, PASSWORD, "not json").getBody().get("detail").asText())
                .contains("\"scope\": \"pan-search\"");
        assertThat(count("select count(*) from access_grant where holder = ?", analyst)).isZero();
    }

    @Test
    void theHolderSeesTheirGrantsApproversSeeWhatAwaitsThemAndTheHolderMayRevoke() {
        UUID pending = requested(analyst, "pan-search", "PT1H");
        UUID live = TestGrants.approved(http, analyst, PASSWORD, "pan-search", "PT1H");

        assertThat(ids(analyst, PASSWORD)).contains(pending, live);
        assertThat(ids(TestGrants.APPROVER, TestGrants.APPROVER_PASSWORD)).contains(pending).doesNotContain(live);
        String someoneElse = user("ANALYST");
        assertThat(ids(someoneElse, PASSWORD)).doesNotContain(pending, live);
        assertThat(http.withBasicAuth(analyst, PASSWORD).getForEntity("/api/v1/access-grants/" + live, JsonNode.class)
                .getBody().get("status").asText()).isEqualTo("APPROVED");
        assertThat(http.withBasicAuth(someoneElse, PASSWORD).getForEntity("/api/v1/access-grants/" + live, String.class)
                .getStatusCode().value()).isEqualTo(404);
        assertThat(http.withBasicAuth("submitter", "submitter-local").getForEntity("/api/v1/access-grants", String.class)
                .getStatusCode().value()).isEqualTo(403);

        assertThat(TestGrants.post(http, someoneElse, PASSWORD, "/api/v1/access-grants/" + live + "/revoke", null)
                .getStatusCode().value()).as("someone else's grant").isEqualTo(403);
        assertThat(TestGrants.post(http, analyst, PASSWORD, "/api/v1/access-grants/" + live + "/revoke", null)
                .getBody().get("status").asText()).isEqualTo("REVOKED");
        assertThat(TestGrants.post(http, TestGrants.APPROVER, TestGrants.APPROVER_PASSWORD, "/api/v1/access-grants/" + pending + "/revoke", null)
                .getBody().get("revoked_by").asText()).isEqualTo("approver");
        assertThat(search(analyst, randomPan()).getStatusCode().value()).isEqualTo(403);
        assertThat(count("select count(*) from audit_event where action = 'ACCESS_GRANT_REVOKED' and actor = ? and detail like ?",
                analyst, "%" + live + "%")).isEqualTo(1);
        assertThat(count("select count(*) from audit_event where action = 'ACCESS_GRANT_REQUESTED' and actor = ?", analyst)).isEqualTo(2);
        assertThat(count("select count(*) from audit_event where action = 'ACCESS_GRANT_APPROVED' and actor = 'approver' and detail like ?",
                "%" + live + "%")).isEqualTo(1);
    }

    @Test
    void aCardNumberTypedIntoTheJustificationIsKeptTruncated() {
        String pan = randomPan();
        ResponseEntity<JsonNode> requested = TestGrants.request(http, analyst, PASSWORD,
                "{\"scope\":\"pan-search\",\"justification\":\"customer called about card " + pan + "\",\"duration\":\"PT1H\"}");

        assertThat(requested.getBody().get("justification").asText()).isEqualTo("customer called about card " + PanMasking.mask(pan));
        assertThat(count("select count(*) from access_grant where justification like ?", "%" + pan + "%")).isZero();
        assertThat(count("select count(*) from audit_event where detail like ?", "%" + pan + "%")).isZero();
    }

    private ResponseEntity<String> search(String user, String pan) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, PASSWORD).exchange("/api/v1/payments/search-by-pan", HttpMethod.POST,
                new HttpEntity<>("{\"pan\":\"" + pan + "\"}", headers), String.class);
    }

    private UUID requested(String user, String scope, String duration) {
        ResponseEntity<JsonNode> requested = TestGrants.request(http, user, PASSWORD, body(scope, duration));
        assertThat(requested.getStatusCode().value()).isEqualTo(201);
        assertThat(requested.getHeaders().getLocation()).hasToString("/api/v1/access-grants/" + requested.getBody().get("id").asText());
        assertThat(requested.getBody().get("status").asText()).isEqualTo("PENDING");
        return UUID.fromString(requested.getBody().get("id").asText());
    }

    private static String body(String scope, String duration) {
        return "{\"scope\":\"" + scope + "\",\"justification\":\"case 4711: disputed card payment\",\"duration\":\"" + duration + "\"}";
    }

    /** The grant's status as its holder's listing shows it. */
    private String status(UUID grant) {
        String holder = jdbc.queryForObject("select holder from access_grant where id = ?", String.class, grant);
        for (JsonNode item : http.withBasicAuth(holder, PASSWORD).getForEntity("/api/v1/access-grants", JsonNode.class).getBody().get("items")) {
            if (item.get("id").asText().equals(grant.toString())) {
                return item.get("status").asText();
            }
        }
        throw new AssertionError("grant " + grant + " not listed for its holder");
    }

    private List<UUID> ids(String user, String password) {
        List<UUID> ids = new ArrayList<>();
        http.withBasicAuth(user, password).getForEntity("/api/v1/access-grants", JsonNode.class).getBody().get("items")
                .forEach(item -> ids.add(UUID.fromString(item.get("id").asText())));
        return ids;
    }

    private Map<String, Object> lastEventOf(String actor) {
        return jdbc.queryForMap("select action, outcome, detail from audit_event where actor = ? order by seq desc limit 1", actor);
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }

    private double alerts() {
        String scrape = http.withBasicAuth("ops", "ops-local").getForEntity("/actuator/prometheus", String.class).getBody();
        Matcher counter = ALERTS.matcher(scrape);
        assertThat(counter.find()).as("hub_security_alerts_total{kind=\"pan_search_budget_exceeded\"} on /actuator/prometheus").isTrue();
        return Double.parseDouble(counter.group(1));
    }

    /** A user of this test alone, with the given hub roles; plain-text password, so 200 logins cost no bcrypt. */
    private String user(String... roles) {
        String name = "grant-user-" + USERS.incrementAndGet() + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
        ((UserDetailsManager) users).createUser(User.withUsername(name).password("{noop}" + PASSWORD).roles(roles).build());
        return name;
    }

    /** A random Visa-range PAN with a valid Luhn check digit: never stored, so no search finds anything. */
    private static String randomPan() {
        StringBuilder digits = new StringBuilder("4");
        while (digits.length() < 15) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            if (PanMasking.isLuhnValid(digits.toString() + check)) {
                return digits.toString() + check;
            }
        }
        throw new IllegalStateException("no Luhn check digit");
    }
}
