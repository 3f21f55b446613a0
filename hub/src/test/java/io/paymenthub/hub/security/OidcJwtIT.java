package io.paymenthub.hub.security;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.hub.PaymentHubApplication;
import io.paymenthub.hub.support.ProdProfileHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prod profile: the hub as an OAuth2 resource server. Tokens are signed by a test identity provider whose
 * JWK set the hub fetches; roles come from the roles claim; a token without MFA in {@code amr} is refused.
 */
@ExtendWith(DevServicesExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcJwtIT {

    private static final List<String> MFA = List.of("pwd", "otp", "mfa");

    private TestIdentityProvider idp;
    private ConfigurableApplicationContext hub;
    private String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startHub() {
        idp = new TestIdentityProvider();
        hub = new SpringApplicationBuilder(PaymentHubApplication.class).profiles("prod").run(ProdProfileHub.named("payment-hub-oidc")
                .signedBy(TestIdentityProvider.ISSUER, TestIdentityProvider.AUDIENCE, idp.jwkSetUri())
                .with("hub.monitoring.port", "0")   // the scrape on the main port, in the matrix below; its own port: ProdTransportIT
                .arguments());
        base = "http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    static Stream<Arguments> matrix() {
        Map<String, String> endpoints = Map.of(
                "/api/v1/payments?size=1", "analyst",
                "/api/v1/stats", "analyst",
                "/api/v1/audit/verify", "auditor",
                "/actuator/prometheus", "ops",
                "/actuator/jolokia/version", "ops");
        List<Arguments> cases = new ArrayList<>();
        endpoints.forEach((path, role) -> {
            cases.add(Arguments.of(path, "none", 401));
            for (String user : List.of("ops", "analyst", "auditor", "submitter")) {
                cases.add(Arguments.of(path, user, user.equals(role) ? 200 : 403));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with a token for {1} → {2}")
    @MethodSource("matrix")
    void rolesComeFromTheTokensRolesClaim(String path, String role, int expected) throws Exception {
        String token = role.equals("none") ? null : idp.token("user-" + role, List.of(role), MFA);
        assertThat(get(path, token).statusCode()).isEqualTo(expected);
    }

    @Test
    void aTokenWithoutMultiFactorAuthenticationIsRefusedAndTheRefusalAudited() throws Exception {
        HttpResponse<String> passwordOnly = get("/api/v1/stats", idp.token("alice", List.of("analyst"), List.of("pwd")));
        HttpResponse<String> noAmr = get("/api/v1/stats", idp.token("alice", List.of("analyst"), null));
        HttpResponse<String> withMfa = get("/api/v1/stats", idp.token("alice", List.of("analyst"), List.of("pwd", "mfa")));

        assertThat(passwordOnly.statusCode()).isEqualTo(401);
        assertThat(passwordOnly.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                header -> assertThat(header).contains("invalid_token", "multi-factor authentication required"));
        assertThat(noAmr.statusCode()).isEqualTo(401);
        assertThat(withMfa.statusCode()).isEqualTo(200);

        JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
        Map<String, Object> refused = jdbc.queryForMap("""
                select actor, outcome, detail from audit_event
                 where action = 'LOGIN_FAILURE' and detail like '%"claimed_subject":"alice"%' order by seq desc limit 1
                """);
        assertThat(refused).containsEntry("actor", "bearer-token").containsEntry("outcome", "FAILURE");
        assertThat((String) refused.get("detail")).contains("multi-factor authentication required (amr)");
        assertThat(jdbc.queryForObject("select actor from audit_event where action = 'STATS_READ' order by seq desc limit 1",
                String.class)).isEqualTo("alice");
    }

    @Test
    void expiredForeignIssuerAndForgedTokensAreRefused() throws Exception {
        String expired = idp.token(TestIdentityProvider.claims("bob", List.of("analyst"), MFA, TestIdentityProvider.ISSUER,
                Instant.now().minus(Duration.ofMinutes(10))));
        String otherIssuer = idp.token(TestIdentityProvider.claims("bob", List.of("analyst"), MFA, "https://evil.test/",
                Instant.now().plus(Duration.ofMinutes(5))));
        String forged = TestIdentityProvider.sign(idp.otherKey(), TestIdentityProvider.claims("bob", List.of("analyst"), MFA,
                TestIdentityProvider.ISSUER, Instant.now().plus(Duration.ofMinutes(5))));

        assertThat(get("/api/v1/stats", expired).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/stats", otherIssuer).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/stats", forged).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/stats", "not-a-jwt").statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenForAnotherAudienceOrWithoutOneIsRefused() throws Exception {
        Instant expires = Instant.now().plus(Duration.ofMinutes(5));
        String otherApplication = idp.token(TestIdentityProvider.claims("bob", List.of("analyst"), MFA,
                TestIdentityProvider.ISSUER, expires, "core-banking-portal"));
        String noAudience = idp.token(TestIdentityProvider.claims("bob", List.of("analyst"), MFA,
                TestIdentityProvider.ISSUER, expires, null));
        String ours = idp.token(TestIdentityProvider.claims("bob", List.of("analyst"), MFA,
                TestIdentityProvider.ISSUER, expires, TestIdentityProvider.AUDIENCE));

        assertThat(get("/api/v1/stats", otherApplication).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/stats", noAudience).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/stats", ours).statusCode()).isEqualTo(200);
    }

    @Test
    void roleClaimsCountOnlyExactlyAsTheHubWritesThem() throws Exception {
        assertThat(get("/api/v1/stats", idp.token("carol", List.of("Analyst"), MFA)).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/stats", idp.token("carol", List.of("ANALYST"), MFA)).statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/stats", idp.token("carol", List.of("analyst"), MFA)).statusCode()).isEqualTo(200);
    }

    @Test
    void healthProbesStayOpenAndThereIsNoLoginForm() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/login", null).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
