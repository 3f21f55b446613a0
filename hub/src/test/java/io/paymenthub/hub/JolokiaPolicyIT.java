package io.paymenthub.hub;

import com.fasterxml.jackson.databind.JsonNode;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jolokia access policy (jolokia-access.xml): ops read everything and run the Camel operations they need;
 * anything else is refused by Jolokia itself. Every operation, allowed or not, leaves an ADMIN_OPERATION audit row.
 */
class JolokiaPolicyIT extends HubIntegrationTest {

    private static final String ROUTE = "org.apache.camel:context=payment-hub,type=routes,name=\"reply-iso8583-rejected\"";

    @Autowired
    TestRestTemplate http;

    @Test
    void opsRunTheCamelOperationsTheyNeedAndEachIsAudited() {
        long before = audited("SUCCESS");

        JsonNode answer = jolokia("/actuator/jolokia", Map.of("type", "exec", "mbean", ROUTE, "operation", "dumpRouteAsXml()"));

        assertThat(answer.get("status").asInt()).isEqualTo(200);
        assertThat(answer.get("value").asText()).contains("reply-iso8583-rejected");
        assertThat(audited("SUCCESS")).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("select detail from audit_event where action = 'ADMIN_OPERATION' order by seq desc limit 1",
                String.class)).contains("dumpRouteAsXml()", "\"jolokia_status\":200");
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

    private long audited(String outcome) {
        return jdbc.queryForObject("select count(*) from audit_event where action = 'ADMIN_OPERATION' and outcome = ?", Long.class, outcome);
    }
}
