package io.paymenthub.hub.security;

import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.TestGrants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role against every endpoint, local users (DESIGN.md "Query, dashboard, ops"): no credentials → 401, the
 * endpoint's role → 200, any other role → 403. Unlisted paths are denied to everyone. Where the endpoint also needs
 * an access grant (search by PAN), its role holds one: without it the role alone gets 403 too (AccessGrantIT).
 */
class AccessMatrixIT extends HubIntegrationTest {

    /** An endpoint and the one role that may use it; null: none may. */
    record Endpoint(HttpMethod method, String path, String body, String role) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(HttpMethod.GET, "/api/v1/payments?size=5", null, "analyst"),
            new Endpoint(HttpMethod.POST, "/api/v1/payments/search-by-pan", "{\"pan\":\"4111111111111111\"}", "analyst"),
            new Endpoint(HttpMethod.GET, "/api/v1/stats", null, "analyst"),
            new Endpoint(HttpMethod.GET, "/dashboard/", null, "analyst"),
            new Endpoint(HttpMethod.GET, "/webjars/chart.js/dist/chart.umd.js", null, "analyst"),
            new Endpoint(HttpMethod.GET, "/api/v1/audit/events?size=5", null, "auditor"),
            new Endpoint(HttpMethod.GET, "/api/v1/audit/verify", null, "auditor"),
            new Endpoint(HttpMethod.GET, "/actuator/hawtio/", null, "ops"),
            new Endpoint(HttpMethod.GET, "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", null, "ops"),
            new Endpoint(HttpMethod.GET, "/actuator/prometheus", null, "ops"),
            new Endpoint(HttpMethod.GET, "/actuator/camelroutes", null, "ops"),
            new Endpoint(HttpMethod.GET, "/api/v1/payments/export", null, null),
            new Endpoint(HttpMethod.GET, "/api/v2/anything", null, null));

    static final List<String> USERS = List.of("ops", "analyst", "auditor", "submitter", "approver");

    @Autowired
    TestRestTemplate http;

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            cases.add(Arguments.of(endpoint, "anonymous", 401));
            for (String user : USERS) {
                int expected = user.equals(endpoint.role()) ? 200 : 403;
                if (endpoint.path().equals("/api/v1/payments/export") && user.equals("analyst")) {
                    expected = 404; // the analysts' area, but no such endpoint: there is no export
                }
                cases.add(Arguments.of(endpoint, user, expected));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void eachRoleReachesOnlyItsOwnEndpoints(Endpoint endpoint, String user, int expected) {
        if (endpoint.path().endsWith("/search-by-pan") && user.equals(endpoint.role())) {
            TestGrants.approved(http, user, user + "-local", "pan-search", "PT10M");
        }
        assertThat(status(endpoint.method(), endpoint.path(), endpoint.body(), user)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("healthProbes")
    void healthProbesAreOpenToEveryone(String path, String user) {
        assertThat(status(HttpMethod.GET, path, null, user)).isEqualTo(200);
    }

    static Stream<Arguments> healthProbes() {
        return Stream.of("/actuator/health/liveness", "/actuator/health/readiness")
                .flatMap(path -> Stream.concat(Stream.of("anonymous"), USERS.stream()).map(user -> Arguments.of(path, user)));
    }

    /** The submitter's ingest endpoint has no handler yet (HTTP source): the rules let only the submitter past. */
    @ParameterizedTest(name = "POST /api/v1/messages as {0} → {1}")
    @MethodSource("ingest")
    void onlyTheSubmitterGetsPastTheRulesOfTheIngestEndpoint(String user, int expected) {
        int status = status(HttpMethod.POST, "/api/v1/messages", "<Document/>", user);
        if (expected == 0) {
            assertThat(status).isNotIn(401, 403);
        } else {
            assertThat(status).isEqualTo(expected);
        }
    }

    static Stream<Arguments> ingest() {
        return Stream.of(Arguments.of("anonymous", 401), Arguments.of("submitter", 0), Arguments.of("ops", 403),
                Arguments.of("analyst", 403), Arguments.of("auditor", 403), Arguments.of("approver", 403));
    }

    private int status(HttpMethod method, String path, String body, String user) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Requested-With", "XMLHttpRequest"); // a script: 401 rather than a redirect to the login page
        if (body != null) {
            headers.setContentType(body.startsWith("{") ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_XML);
        }
        TestRestTemplate client = user.equals("anonymous") ? http : http.withBasicAuth(user, user + "-local");
        return client.exchange(path, method, new HttpEntity<>(body, headers), String.class).getStatusCode().value();
    }
}
