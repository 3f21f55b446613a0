package io.paymenthub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jolokia doors (jolokia-access.xml and AuditJolokiaOperationsFilter): ops read everything, by GET or POST, and
 * run the Camel operations they need by POST only; anything else is refused, route definitions (which show resolved
 * placeholders) and foreign origins among them. Every operation, allowed or not, leaves an ADMIN_OPERATION audit row.
 */
class JolokiaPolicyIT extends HubIntegrationTest {

    private static final String ROUTE = "org.apache.camel:context=payment-hub,type=routes,name=\"reply-iso8583-rejected\"";
    private static final String OTHER_ROUTE = "org.apache.camel:context=payment-hub,type=routes,name=\"reply-sqs-rejected\"";
    private static final String OPS = "Basic " + Base64.getEncoder().encodeToString("ops:ops-local".getBytes(StandardCharsets.UTF_8));

    @Autowired
    TestRestTemplate http;

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void opsRunTheCamelOperationsTheyNeedAndEachIsAudited() {
        long before = audited("SUCCESS");

        JsonNode answer = jolokia("/actuator/jolokia", Map.of("type", "exec", "mbean", ROUTE, "operation", "reset()"));

        assertThat(answer.get("status").asInt()).isEqualTo(200);
        assertThat(audited("SUCCESS")).isEqualTo(before + 1);
        assertThat(lastOperation()).contains("reset()", "reply-iso8583-rejected", "\"jolokia_status\":200");
    }

    @Test
    void eachOperationOfABulkRequestIsAuditedAsJolokiaRanItAndItsReadsAreNot() throws Exception {
        long before = audited("SUCCESS");

        HttpResponse<String> answer = send(post("/actuator/jolokia", """
                [{"type":"exec","mbean":%s,"operation":"reset()"},
                 {"type":"read","mbean":%s,"attribute":"State"},
                 {"type":"exec","mbean":%s,"operation":"dumpRouteStatsAsXml(boolean,boolean)","arguments":[false,false]}]
                """.formatted(quoted(ROUTE), quoted(ROUTE), quoted(OTHER_ROUTE))));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode answers = json.readTree(answer.body());
        assertThat(statuses(answers)).containsExactly(200, 200, 200);
        assertThat(audited("SUCCESS")).isEqualTo(before + 2);
        List<String> rows = jdbc.queryForList("select detail from audit_event where action = 'ADMIN_OPERATION' order by seq desc limit 2", String.class);
        assertThat(rows.get(1)).contains("reset()", "reply-iso8583-rejected");
        assertThat(rows.get(0)).contains("dumpRouteStatsAsXml(boolean,boolean)", "reply-sqs-rejected");
    }

    @Test
    void anOperationByGetIsRefusedInEveryFormJolokiaReadsAndTheRouteKeepsRunning() throws Exception {
        String stop = "exec/" + ROUTE.replace("\"", "%22") + "/stop()";
        List<String> attempts = List.of(
                "/actuator/jolokia/?p=" + URLEncoder.encode(stop, StandardCharsets.UTF_8),
                "/actuator/jolokia?p=" + URLEncoder.encode("/" + stop.toUpperCase(java.util.Locale.ROOT).replace("EXEC", "eXeC"), StandardCharsets.UTF_8),
                "/actuator/jolokia/" + stop,
                "/actuator/jolokia/%65xec/" + stop.substring("exec/".length()),
                "/actuator/jolokia/WRITE/" + ROUTE.replace("\"", "%22") + "/TracingPattern/*",
                "/actuator/hawtio/jolokia/?p=" + URLEncoder.encode(stop, StandardCharsets.UTF_8));
        for (String attempt : attempts) {
            long before = audited("DENIED");

            HttpResponse<String> answer = send(get(attempt));

            assertThat(answer.statusCode()).as(attempt).isEqualTo(405);
            assertThat(answer.headers().firstValue("Content-Type")).as(attempt).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(json.readTree(answer.body()).get("detail").asText()).as(attempt).contains("POST only");
            assertThat(audited("DENIED")).as(attempt).isEqualTo(before + 1);
            assertThat(lastOperation()).as(attempt).containsIgnoringCase("reply-iso8583-rejected");
        }
        assertThat(routeState(ROUTE)).isEqualTo("Started");

        HttpResponse<String> read = send(get("/actuator/jolokia/?p=" + URLEncoder.encode("read/" + ROUTE + "/State", StandardCharsets.UTF_8)));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json.readTree(read.body()).get("value").asText()).isEqualTo("Started");
    }

    @Test
    void aBodyTheHubCannotReadAsJolokiaWouldIsRefusedAndAudited() throws Exception {
        for (String body : List.of("{\"type\":\"exec\"", "{\"type\":\"read\",\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}",
                "[{\"type\":\"read\"}, 42]", "{\"type\":\"read\"} {\"type\":\"exec\"}")) {
            long before = audited("DENIED");

            HttpResponse<String> answer = send(post("/actuator/jolokia", body));

            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(audited("DENIED")).as(body).isEqualTo(before + 1);
        }
    }

    @Test
    void routeDefinitionsAreNotDumpedForTheyShowResolvedPlaceholders() throws Exception {
        String context = "org.apache.camel:context=payment-hub,type=context,name=\"payment-hub\"";
        String kafkaRoute = "org.apache.camel:context=payment-hub,type=routes,name=\"ingest-kafka\"";
        long before = audited("DENIED");

        HttpResponse<String> answer = send(post("/actuator/jolokia", """
                [{"type":"exec","mbean":%1$s,"operation":"dumpRoutesAsXml(boolean)","arguments":[true]},
                 {"type":"exec","mbean":%1$s,"operation":"dumpRoutesAsYaml(boolean,boolean)","arguments":[true,true]},
                 {"type":"exec","mbean":%2$s,"operation":"dumpRouteAsXml(boolean)","arguments":[true]},
                 {"type":"exec","mbean":%2$s,"operation":"dumpRouteAsYaml(boolean,boolean)","arguments":[true,true]},
                 {"type":"exec","mbean":%1$s,"operation":"createRouteStaticEndpointJson(boolean)","arguments":[true]}]
                """.formatted(quoted(context), quoted(kafkaRoute))));

        JsonNode answers = json.readTree(answer.body());
        assertThat(statuses(answers)).containsExactly(403, 403, 403, 403, 403);
        answers.forEach(each -> assertThat(each.has("value")).as(each.toString()).isFalse());
        assertThat(answer.body()).doesNotContain(topic).doesNotContain("<route").doesNotContain(SASL_PASSWORD_MARKER);
        assertThat(audited("DENIED")).isEqualTo(before + 5);
    }

    @Test
    void noCamelMBeanAttributeShowsTheKafkaSaslPassword() throws Exception {
        String all = "org.apache.camel:context=payment-hub,*";
        HttpResponse<String> listed = send(post("/actuator/jolokia", "{\"type\":\"search\",\"mbean\":" + quoted(all) + "}"));
        JsonNode names = json.readTree(listed.body()).get("value");
        assertThat(names.size()).as("Camel MBeans").isGreaterThan(50);
        assertThat(listed.body()).contains("type=endpoints", "kafka");

        StringBuilder bulk = new StringBuilder("[");
        names.forEach(name -> bulk.append(bulk.length() > 1 ? "," : "").append("{\"type\":\"read\",\"mbean\":")
                .append(name.toString()).append("}"));
        HttpResponse<String> read = send(post("/actuator/jolokia", bulk.append("]").toString()));

        assertThat(read.statusCode()).isEqualTo(200);
        // the endpoints do carry the setting: Camel shows it masked
        assertThat(read.body()).contains("saslJaasConfig=xxxxxx").doesNotContain(SASL_PASSWORD_MARKER);
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(LOG_FILE))).doesNotContain(SASL_PASSWORD_MARKER);
    }

    @Test
    void aForeignOriginGetsNoCorsAnswerAndNothingRuns() throws Exception {
        for (HttpRequest.Builder request : List.of(
                get("/actuator/jolokia/?p=" + URLEncoder.encode("read/" + ROUTE + "/State", StandardCharsets.UTF_8)),
                post("/actuator/jolokia", "{\"type\":\"exec\",\"mbean\":" + quoted(ROUTE) + ",\"operation\":\"stop()\"}"))) {
            long before = audited("DENIED");

            HttpResponse<String> answer = send(request.header("Origin", "https://attacker.example"));

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(answer.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
            assertThat(answer.body()).doesNotContain("Started");
            assertThat(audited("DENIED")).isEqualTo(before + 1);
        }
        assertThat(routeState(ROUTE)).isEqualTo("Started");

        HttpResponse<String> own = send(get("/actuator/jolokia/read/" + ROUTE.replace("\"", "%22") + "/State")
                .header("Origin", "http://localhost:" + port));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(json.readTree(own.body()).get("value").asText()).isEqualTo("Started");
        assertThat(own.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void everythingElseIsRefusedWritesHeapDumpsAndSendingMessagesAmongThem() {
        long before = audited("DENIED");

        assertThat(jolokia("/actuator/jolokia", Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc()"))
                .get("status").asInt()).isEqualTo(403);
        assertThat(jolokia("/actuator/jolokia", Map.of("type", "exec", "mbean", "com.sun.management:type=HotSpotDiagnostic",
                "operation", "dumpHeap(java.lang.String,boolean)", "arguments", new Object[] {"/tmp/heap.hprof", true}))
                .get("status").asInt()).isEqualTo(403);
        assertThat(jolokia("/actuator/jolokia", Map.of("type", "exec", "mbean", "org.apache.camel:context=payment-hub,type=context,name=\"payment-hub\"",
                "operation", "sendStringBody(java.lang.String,java.lang.String)", "arguments", new Object[] {"direct:ingest", "x"}))
                .get("status").asInt()).isEqualTo(403);
        assertThat(jolokia("/actuator/jolokia", Map.of("type", "write", "mbean", ROUTE, "attribute", "TracingPattern", "value", "*"))
                .get("status").asInt()).isEqualTo(403);
        assertThat(jolokia("/actuator/jolokia", Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "SystemProperties"))
                .get("status").asInt()).isEqualTo(403);
        assertThat(audited("DENIED")).isEqualTo(before + 4); // the read is not an operation
    }

    @Test
    void hawtiosOwnJolokiaPathIsUnderTheSamePolicy() {
        assertThat(jolokia("/actuator/hawtio/jolokia", Map.of("type", "read", "mbean", ROUTE, "attribute", "RouteId"))
                .get("value").asText()).isEqualTo("reply-iso8583-rejected");
        assertThat(jolokia("/actuator/hawtio/jolokia", Map.of("type", "exec", "mbean", "java.lang:type=Memory", "operation", "gc()"))
                .get("status").asInt()).isEqualTo(403);
    }

    private JsonNode jolokia(String path, Map<String, Object> request) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        var response = http.withBasicAuth("ops", "ops-local").postForEntity(path, new HttpEntity<>(request, headers), JsonNode.class);
        assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
        return response.getBody();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", OPS).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", OPS)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Integer> statuses(JsonNode answers) {
        List<Integer> statuses = new java.util.ArrayList<>();
        answers.forEach(answer -> statuses.add(answer.path("status").asInt()));
        return statuses;
    }

    private String routeState(String mbean) {
        return jolokia("/actuator/jolokia", Map.of("type", "read", "mbean", mbean, "attribute", "State")).get("value").asText();
    }

    private String lastOperation() {
        return jdbc.queryForObject("select target || ' ' || detail from audit_event where action = 'ADMIN_OPERATION' order by seq desc limit 1", String.class);
    }

    private static String quoted(String value) throws Exception {
        return new ObjectMapper().writeValueAsString(value);
    }

    private long audited(String outcome) {
        return jdbc.queryForObject("select count(*) from audit_event where action = 'ADMIN_OPERATION' and outcome = ?", Long.class, outcome);
    }
}
