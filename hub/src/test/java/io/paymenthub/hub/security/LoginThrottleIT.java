package io.paymenthub.hub.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.metrics.HubMeters;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PCI DSS 8.3.4 and 10.2.1.4: failed logins are audited, and after six a user name is locked, right password or not. */
class LoginThrottleIT extends HubIntegrationTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    LoginThrottle throttle;
    @Autowired
    MeterRegistry meters;

    @Test
    void sixFailedLoginsLockTheUserNameEvenForTheRightPasswordAndEachIsAudited() {
        long before = rows("LOGIN_FAILURE", "submitter");
        double failedBefore = loginFailures("failed");
        double throttledBefore = loginFailures("throttled");
        try {
            for (int attempt = 1; attempt <= 6; attempt++) {
                assertThat(call("submitter", "wrong-" + attempt).getStatusCode().value()).isEqualTo(401);
            }
            ResponseEntity<String> locked = call("submitter", "submitter-local");

            assertThat(locked.getStatusCode().value()).isEqualTo(429);
            assertThat(Long.parseLong(locked.getHeaders().getFirst("Retry-After"))).isBetween(1L, 1800L);
            assertThat(rows("LOGIN_FAILURE", "submitter")).isEqualTo(before + 6);
            assertThat(rows("LOGIN_THROTTLED", "submitter")).isPositive();
            // what the login-failure alert counts: each refused password, and the attempt refused while locked
            assertThat(loginFailures("failed")).isEqualTo(failedBefore + 6);
            assertThat(loginFailures("throttled")).isEqualTo(throttledBefore + 1);
            Map<String, Object> failure = jdbc.queryForMap(
                    "select outcome, source_ip, target, detail from audit_event where action = 'LOGIN_FAILURE' order by seq desc limit 1");
            assertThat(failure).containsEntry("outcome", "FAILURE").containsEntry("source_ip", "127.0.0.1")
                    .containsEntry("target", "GET /api/v1/payments");
            assertThat((String) failure.get("detail")).contains("BadCredentialsException");
        } finally {
            throttle.succeeded("submitter"); // unlock for the other tests sharing this hub
        }
        assertThat(call("submitter", "submitter-local").getStatusCode().value()).isNotIn(401, 429);
    }

    @Test
    void aCardNumberTypedAsUserNameIsAuditedTruncated() {
        call("4111111111111111", "x");

        List<String> actors = jdbc.queryForList(
                "select actor from audit_event where action = 'LOGIN_FAILURE' order by seq desc limit 1", String.class);
        assertThat(actors).containsExactly("411111******1111");
        throttle.succeeded("411111******1111");
    }

    private double loginFailures(String outcome) {
        return meters.get(HubMeters.LOGIN_FAILURES).tag("outcome", outcome).counter().count();
    }

    private ResponseEntity<String> call(String user, String password) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Requested-With", "XMLHttpRequest");
        return http.withBasicAuth(user, password).exchange("/api/v1/payments", HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private long rows(String action, String actor) {
        return jdbc.queryForObject("select count(*) from audit_event where action = ? and actor = ?", Long.class, action, actor);
    }
}
