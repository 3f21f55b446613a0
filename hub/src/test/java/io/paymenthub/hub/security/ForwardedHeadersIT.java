package io.paymenthub.hub.security;

import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody who is not a configured proxy chooses the address the audit trail and the login throttle see: with no
 * {@code server.tomcat.remoteip.internal-proxies} (the default), {@code X-Forwarded-For} is ignored. That a configured
 * proxy's header is honoured: ProdTransportIT.
 */
class ForwardedHeadersIT extends HubIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void aForgedForwardedForDoesNotChangeTheAuditedSourceAddress() {
        HttpHeaders forged = new HttpHeaders();
        forged.set("X-Forwarded-For", "203.0.113.9");
        forged.set("X-Real-IP", "203.0.113.9");
        forged.set("Forwarded", "for=203.0.113.9");

        int status = http.withBasicAuth("analyst", "analyst-local")
                .exchange("/api/v1/stats", HttpMethod.GET, new HttpEntity<>(forged), String.class).getStatusCode().value();

        assertThat(status).isEqualTo(200);
        String audited = jdbc.queryForObject("select source_ip from audit_event where actor = 'analyst'"
                + " and action = 'STATS_READ' order by seq desc limit 1", String.class);
        assertThat(audited).isNotEqualTo("203.0.113.9").isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }
}
