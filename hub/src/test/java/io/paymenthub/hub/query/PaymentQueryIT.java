package io.paymenthub.hub.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.LocalPostgres;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.hub.support.TestGrants;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The analysts' query API against stored payments: filters, the 100-row cap, masked fields only, no export,
 * search by PAN through the keyed hash — and one audit row per query naming the payments it returned. The analyst
 * holds a fresh approved {@code pan-search} grant in every test, so no test spends another's budget.
 */
@ExtendWith(OutputCaptureExtension.class)
class PaymentQueryIT extends HubIntegrationTest {

    private static final String TERMINAL = "QRY00001";
    /** A scheme test PAN no other test stores, so a search for it finds exactly these payments. */
    private static final String SEARCHED_PAN = "4012888888881881";
    /** A scheme test PAN that is never stored. */
    private static final String UNKNOWN_PAN = "6011111111111117";
    private static final int VISA_PAYMENTS = 120;
    private static final int SEARCHED_PAYMENTS = 5;

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    @BeforeEach
    void grantPanSearch() {
        TestGrants.approved(http, "analyst", "analyst-local", "pan-search", "PT1H");
    }

    @BeforeEach
    void storePayments() {
        if (stored() == VISA_PAYMENTS + SEARCHED_PAYMENTS) {
            return;
        }
        List<byte[]> messages = new ArrayList<>(SampleMessages.iso8583India(TERMINAL, 1, VISA_PAYMENTS));
        for (int stan = 1001; stan < 1001 + SEARCHED_PAYMENTS; stan++) {
            messages.add(JposMessages.purchase(stan, JposMessages.INDIA).set(41, TERMINAL)
                    .set(2, SEARCHED_PAN).set(35, SEARCHED_PAN + "D29122011234567800000").pack());
        }
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, messages);
        }
        await().atMost(Duration.ofSeconds(90)).until(this::stored, n -> n == VISA_PAYMENTS + SEARCHED_PAYMENTS);
    }

    @Test
    void aPageHoldsAtMost100RowsWhateverIsAskedFor() {
        JsonNode page = get("/api/v1/payments?size=500");

        assertThat(page.get("size").asInt()).isEqualTo(100);
        assertThat(page.get("items")).hasSize(100);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(get("/api/v1/payments?size=100&page=1").get("items")).hasSizeGreaterThan(0);
    }

    @Test
    void filtersNarrowTheRowsAndOnlyProtectedCardDataIsShown() throws Exception {
        String token = jdbc.queryForObject("select pan_token from payment where message_id like '%:' || ? limit 1",
                String.class, TERMINAL);
        JsonNode page = get("/api/v1/payments?region=in&country=IN&currency=INR&status=RECEIVED&size=100&token=" + token);

        assertThat(page.get("items")).isNotEmpty().allSatisfy(item -> {
            assertThat(item.get("region").asText()).isEqualTo("in");
            assertThat(item.get("origin_country").asText()).isEqualTo("IN");
            assertThat(item.get("currency").asText()).isEqualTo("INR");
            assertThat(item.get("pan_token").asText()).isEqualTo(token);
            assertThat(item.get("pan_masked").asText()).isEqualTo("411111******1111");
            assertThat(item.has("pan")).isFalse();
        });
        assertThat(CardDataLeaks.in("query answer", json.writeValueAsString(page))).isEmpty();
        assertThat(get("/api/v1/payments?country=SG").get("items")).isEmpty();
        assertThat(get("/api/v1/payments?from=2099-01-01T00:00:00Z").get("items")).isEmpty();
    }

    @Test
    void eachQueryWritesOneAuditRowNamingThePaymentsItReturned() {
        long before = auditRows();
        JsonNode page = get("/api/v1/payments?currency=INR&size=7");

        assertThat(auditRows()).isEqualTo(before + 1);
        Map<String, Object> row = lastAuditRow();
        assertThat(row).containsEntry("actor", "analyst").containsEntry("action", "PAYMENT_QUERY")
                .containsEntry("outcome", "SUCCESS").containsEntry("source_ip", "127.0.0.1");
        List<String> returned = new ArrayList<>();
        page.get("items").forEach(item -> returned.add(item.get("message_id").asText()));
        assertThat(returned).hasSize(7);
        assertThat((String) row.get("records")).isEqualTo(String.join(",", returned));

        get("/api/v1/stats");
        assertThat(auditRows()).isEqualTo(before + 2);
        assertThat(lastAuditRow()).containsEntry("action", "STATS_READ");
    }

    @Test
    void searchByPanFindsThePaymentsOfThatCardThroughItsToken() {
        long before = auditRows();
        JsonNode page = searchByPan("{\"pan\":\"" + SEARCHED_PAN + "\"}").getBody();

        assertThat(page.get("items")).hasSize(SEARCHED_PAYMENTS).allSatisfy(item -> {
            assertThat(item.get("pan_masked").asText()).isEqualTo("401288******1881");
            assertThat(item.get("message_id").asText()).endsWith(":" + TERMINAL);
        });
        // the grant's use, then the search itself
        assertThat(auditRows()).isEqualTo(before + 2);
        Map<String, Object> use = jdbc.queryForMap("select actor, action, detail from audit_event where actor <> 'payment-hub'"
                + " order by seq desc limit 1 offset 1");
        assertThat(use).containsEntry("action", "ACCESS_GRANT_USED").containsEntry("actor", "analyst");
        assertThat((String) use.get("detail")).contains("\"scope\":\"pan-search\"");
        Map<String, Object> row = lastAuditRow();
        assertThat(row).containsEntry("action", "PAYMENT_SEARCH_BY_PAN").containsEntry("actor", "analyst");
        assertThat((String) row.get("detail")).contains("\"grant_id\":\"");
        assertThat((String) row.get("detail")).contains("\"pan_masked\":\"401288******1881\"",
                "\"pan_tokens\":[", "\"" + page.get("items").get(0).get("pan_token").asText() + "\"");
        assertThat(((String) row.get("records")).split(",")).hasSize(SEARCHED_PAYMENTS);
        assertThat(searchByPan("{\"pan\":\"" + UNKNOWN_PAN + "\"}").getBody().get("items")).isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheFieldWithoutRepeatingIt() {
        ResponseEntity<String> region = http.withBasicAuth("analyst", "analyst-local")
                .getForEntity("/api/v1/payments?region=" + UNKNOWN_PAN, String.class);
        assertThat(region.getStatusCode().value()).isEqualTo(400);
        assertThat(region.getBody()).contains("region: must be").doesNotContain(UNKNOWN_PAN);

        ResponseEntity<String> from = http.withBasicAuth("analyst", "analyst-local")
                .getForEntity("/api/v1/payments?from=" + UNKNOWN_PAN, String.class);
        assertThat(from.getStatusCode().value()).isEqualTo(400);
        assertThat(from.getBody()).contains("from: not a valid").doesNotContain(UNKNOWN_PAN);

        ResponseEntity<String> body = rawSearch("{\"pan\": x" + UNKNOWN_PAN + "}");
        assertThat(body.getStatusCode().value()).isEqualTo(400);
        assertThat(body.getBody()).doesNotContain(UNKNOWN_PAN);
        assertThat(rawSearch("{\"pan\":\"12345\"}").getBody()).contains("pan: must be 12 to 19 digits");
    }

    @Test
    void thereIsNoExportOnlyJsonPages() {
        HttpHeaders csv = new HttpHeaders();
        csv.setAccept(List.of(MediaType.parseMediaType("text/csv")));
        assertThat(http.withBasicAuth("analyst", "analyst-local").exchange("/api/v1/payments", HttpMethod.GET,
                new HttpEntity<>(csv), String.class).getStatusCode().value()).isEqualTo(406);
        assertThat(http.withBasicAuth("analyst", "analyst-local").getForEntity("/api/v1/payments/export", String.class)
                .getStatusCode().value()).isEqualTo(404);
        ResponseEntity<String> page = http.withBasicAuth("analyst", "analyst-local").getForEntity("/api/v1/payments?size=1", String.class);
        assertThat(page.getHeaders().getCacheControl()).contains("no-store");
        assertThat(page.getHeaders().containsKey("Content-Disposition")).isFalse();
        assertThat(http.withBasicAuth("analyst", "analyst-local").getForEntity("/api/v1/payments?page=100&size=100", String.class)
                .getBody()).contains("narrow the filters");
    }

    /** DESIGN.md: the PAN given to search-by-pan is neither logged nor stored — not in any table, not in the audit trail. */
    @Test
    void theSearchedPanAppearsInNoLogNoTableAndNoAuditRow(CapturedOutput log) {
        searchByPan("{\"pan\":\"" + SEARCHED_PAN + "\"}");
        searchByPan("{\"pan\":\"" + UNKNOWN_PAN + "\"}");
        searchByPan("{\"pan\":\"" + UNKNOWN_PAN.substring(0, 4) + " " + UNKNOWN_PAN.substring(4) + "\"}");
        rawSearch("{\"pan\": [\"" + UNKNOWN_PAN + "\"");
        http.withBasicAuth("analyst", "analyst-local").getForEntity("/api/v1/payments?to=" + UNKNOWN_PAN, String.class);

        JdbcTemplate owner = owner();
        List<String> tables = owner.queryForList("select tablename from pg_tables where schemaname = 'public'", String.class);
        assertThat(tables).contains("payment", "audit_event");
        for (String table : tables) {
            String rows = String.join("\n", owner.queryForList("select row_to_json(t)::text from " + table + " t", String.class));
            assertThat(rows).as(table).doesNotContain(SEARCHED_PAN).doesNotContain(UNKNOWN_PAN);
            assertThat(CardDataLeaks.in(table, rows)).isEmpty();
        }
        String audit = String.join("\n", owner.queryForList("select row_to_json(a)::text from audit_event a", String.class));
        assertThat(audit).contains("PAYMENT_SEARCH_BY_PAN", "401288******1881", "601111******1117");
        assertThat(log.getAll()).doesNotContain(SEARCHED_PAN).doesNotContain(UNKNOWN_PAN);
        assertThat(CardDataLeaks.in("hub log", log.getAll())).isEmpty();
    }

    private JsonNode get(String path) {
        ResponseEntity<JsonNode> response = http.withBasicAuth("analyst", "analyst-local").getForEntity(path, JsonNode.class);
        assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
        return response.getBody();
    }

    private ResponseEntity<JsonNode> searchByPan(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<JsonNode> response = http.withBasicAuth("analyst", "analyst-local")
                .postForEntity("/api/v1/payments/search-by-pan", new HttpEntity<>(body, headers), JsonNode.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        return response;
    }

    private ResponseEntity<String> rawSearch(String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth("analyst", "analyst-local")
                .postForEntity("/api/v1/payments/search-by-pan", new HttpEntity<>(body, headers), String.class);
    }

    private long stored() {
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, TERMINAL);
    }

    /** Rows of requests: the hub's own (a grant of another test expiring meanwhile) are not counted. */
    private long auditRows() {
        return jdbc.queryForObject("select count(*) from audit_event where actor <> 'payment-hub'", Long.class);
    }

    private Map<String, Object> lastAuditRow() {
        return jdbc.queryForMap("""
                select actor, action, outcome, source_ip, detail, array_to_string(records, ',') as records
                  from audit_event where actor <> 'payment-hub' order by seq desc limit 1
                """);
    }

    private static JdbcTemplate owner() {
        LocalPostgres postgres = DevServices.get().postgres();
        return new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password()));
    }
}
