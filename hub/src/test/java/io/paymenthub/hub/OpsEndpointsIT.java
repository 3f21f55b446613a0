package io.paymenthub.hub;

import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes are open; Hawtio and its Jolokia bridge are behind a login and only for ops, and they see the routes. */
class OpsEndpointsIT extends HubIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void healthProbesNeedNoLogin() {
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void hawtioIsForOpsOnly() {
        assertThat(anonymous("/actuator/hawtio/")).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("analyst", "analyst-local").getForEntity("/actuator/hawtio/", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.withBasicAuth("ops", "ops-local").getForEntity("/actuator/hawtio/", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void opsSeeTheCamelRoutesThroughJolokia() {
        var routes = http.withBasicAuth("ops", "ops-local").getForEntity(
                "/actuator/jolokia/read/org.apache.camel:context=*,type=routes,name=*/RouteId", String.class);

        assertThat(routes.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(routes.getBody()).contains("\"RouteId\":\"ingest-kafka\"", "\"RouteId\":\"process-payment\"");
    }

    @Test
    void metricsNeedOps() {
        assertThat(anonymous("/actuator/prometheus")).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(http.withBasicAuth("ops", "ops-local").getForEntity("/actuator/prometheus", String.class)
                .getBody()).contains("jvm_memory_used_bytes");
    }

    /** A script's request without credentials (a browser would be sent to the login page instead). */
    private HttpStatusCode anonymous(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Requested-With", "XMLHttpRequest");
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class).getStatusCode();
    }
}
