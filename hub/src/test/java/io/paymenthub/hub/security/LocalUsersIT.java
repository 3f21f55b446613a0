package io.paymenthub.hub.security;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.hub.PaymentHubApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Local users on a hub of their own (the shared hub's users must not be locked out or have their passwords changed):
 * a flood of random user names stays within the throttle's bound and writes few audit rows, yet every attempt is
 * counted in the trail; a real user still gets in from another address, and from the flooding one after its lockout.
 * Local users change their own passwords under the PCI DSS rules. The hub trusts X-Forwarded-For from the test (as
 * the prod profile trusts its ingress), so that requests come from distinct addresses.
 */
@ExtendWith(DevServicesExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalUsersIT {

    private static final int MAX_TRACKED = 50;
    private static final int FAILURES_PER_ADDRESS = 10;
    private static final Duration LOCKOUT = Duration.ofSeconds(30);
    private static final List<String> FLOOD_ADDRESSES = IntStream.rangeClosed(1, 10).mapToObj(i -> "203.0.113." + i).toList();
    private static final String OTHER_ADDRESS = "198.51.100.7";

    /** The password history outlives this hub (one datastore per run): names of this run only. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String survivor = "flood-survivor-" + run;
    private final String owner = "password-owner-" + run;
    private final String rules = "password-rules-" + run;
    private final String browser = "browser-user-" + run;
    private final String guesser = "password-guesser-" + run;

    private ConfigurableApplicationContext hub;
    private JdbcTemplate jdbc;
    private String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startHub() {
        var bcrypt = new BCryptPasswordEncoder(4);   // a cheap hash for the configured passwords; changes use the hub's own
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--camel.main.name=payment-hub-local-users",
                "--camel.main.routes-reload-enabled=false",
                "--hub.sources.kafka.enabled=false",
                "--hub.sources.iso8583.enabled=false",
                "--hub.masking.keystore.path=hub/target/test-keys.p12",
                "--server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",   // the flood's addresses: this test is the proxy
                "--hub.security.login-throttle.max-failures-per-address=" + FAILURES_PER_ADDRESS,
                "--hub.security.login-throttle.lockout=" + LOCKOUT.toSeconds() + "s",
                "--hub.security.login-throttle.max-tracked=" + MAX_TRACKED));
        List<String> users = List.of(survivor, owner, rules, browser, guesser);   // as many as the local profile's
        for (int i = 0; i < users.size(); i++) {
            arguments.add("--hub.security.users[" + i + "].name=" + users.get(i));
            arguments.add("--hub.security.users[" + i + "].password={bcrypt}" + bcrypt.encode(users.get(i).split("-" + run)[0] + "-local"));
            arguments.add("--hub.security.users[" + i + "].roles=ANALYST");
        }
        hub = new SpringApplicationBuilder(PaymentHubApplication.class).profiles("local").run(arguments.toArray(String[]::new));
        jdbc = hub.getBean(JdbcTemplate.class);
        base = "http://127.0.0.1:" + hub.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void tenThousandRandomUserNamesStayWithinTheBoundsAndARealUserStillGetsIn() throws Exception {
        AtomicLong refused = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                String address = FLOOD_ADDRESSES.get(i % FLOOD_ADDRESSES.size());
                sent.add(senders.submit(() -> {
                    int status = stats(UUID.randomUUID().toString(), "guess", address).statusCode();
                    (status == 401 ? refused : status == 429 ? throttled : new AtomicLong()).incrementAndGet();
                    return status;
                }));
            }
            for (Future<?> request : sent) {
                assertThat(request.get()).isIn(401, 429);
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(stats(survivor, "flood-survivor-local", OTHER_ADDRESS).statusCode()).as("from another address").isEqualTo(200);
        assertThat(stats(survivor, "flood-survivor-local", FLOOD_ADDRESSES.get(0)).statusCode()).as("from a locked address").isEqualTo(429);
        throttled.incrementAndGet();

        LoginThrottle throttle = hub.getBean(LoginThrottle.class);
        assertThat(refused.get()).as("more names failed than the throttle tracks").isGreaterThan(MAX_TRACKED);
        assertThat(throttle.trackedUserNames()).isLessThanOrEqualTo(MAX_TRACKED);
        assertThat(throttle.trackedAddresses()).isLessThanOrEqualTo(MAX_TRACKED);
        assertThat(floodRows()).isBetween(1L, 300L);

        // once each address's window closes, its summary rows account for every attempt not audited on its own
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(attemptsAudited("LOGIN_FAILURE")).isEqualTo(refused.get());
            assertThat(attemptsAudited("LOGIN_THROTTLED")).isEqualTo(throttled.get());
        });
        assertThat(floodRows()).isLessThanOrEqualTo(300L);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'LOGIN_THROTTLED' and actor = '(summary)'"
                + " and source_ip = ?", Long.class, FLOOD_ADDRESSES.get(0))).isPositive();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(stats(survivor, "flood-survivor-local", FLOOD_ADDRESSES.get(0)).statusCode())
                        .as("from the flooding address, after its lockout").isEqualTo(200));
    }

    @Test
    void aChangedPasswordSignsInAndNoneOfTheLastFourMayComeBack() throws Exception {
        assertThat(change(owner, "password-owner-local", "first-pass-0001").statusCode()).isEqualTo(204);
        assertThat(stats(owner, "password-owner-local", null).statusCode()).as("the old password").isEqualTo(401);
        assertThat(stats(owner, "first-pass-0001", null).statusCode()).as("the new password").isEqualTo(200);

        assertThat(change(owner, "first-pass-0001", "second-pass-0002").statusCode()).isEqualTo(204);
        assertThat(change(owner, "second-pass-0002", "third-pass-0003").statusCode()).isEqualTo(204);
        HttpResponse<String> reused = change(owner, "third-pass-0003", "first-pass-0001");
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).contains("new: differs from the last 4 passwords");

        assertThat(change(owner, "third-pass-0003", "fourth-pass-0004").statusCode()).isEqualTo(204);
        assertThat(change(owner, "fourth-pass-0004", "first-pass-0001").statusCode()).as("still among the last four").isEqualTo(400);
        assertThat(change(owner, "fourth-pass-0004", "fifth-pass-0005").statusCode()).isEqualTo(204);
        assertThat(change(owner, "fifth-pass-0005", "first-pass-0001").statusCode()).as("the fifth-last").isEqualTo(204);
        assertThat(stats(owner, "first-pass-0001", null).statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForObject("select count(*) from audit_event where action = 'PASSWORD_CHANGED' and actor = ?",
                Long.class, owner)).isEqualTo(6);
        assertThat(jdbc.queryForObject("select count(*) from local_user_password where username = ?", Long.class, owner)).isEqualTo(6);
        assertThat(jdbc.queryForObject("select count(*) from audit_event where actor = ?"
                + " and (detail like '%-pass-000%' or detail like '%-local%')", Long.class, owner)).as("no password in the audit trail").isZero();
    }

    @Test
    void eachBrokenRuleIsAnsweredAsProblemJsonNamingItAndAudited() throws Exception {
        HttpResponse<String> tooShort = change(rules, "password-rules-local", "short-1");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(tooShort.body()).contains("new: at least 12 characters").doesNotContain("short-1");
        assertThat(change(rules, "password-rules-local", "no-digits-at-all").body()).contains("new: both letters and digits");
        assertThat(send(rules, "password-rules-local", "{\"current\":\"not-the-current-1\",\"new\":\"a-good-new-pass-1\"}", null).body())
                .contains("current: does not match the current password");
        HttpResponse<String> unreadable = send(rules, "password-rules-local", "{not json", null);
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(unreadable.body()).contains("{\\\"current\\\": \\\"...\\\", \\\"new\\\": \\\"...\\\"}");

        List<String> rejected = jdbc.queryForList("select detail from audit_event where action = 'REQUEST_REJECTED' and actor = ?"
                + " and target = 'POST /api/v1/account/password' order by seq", String.class, rules);
        assertThat(rejected).hasSize(4);
        assertThat(rejected.get(0)).contains("new: at least 12 characters");
        assertThat(String.join("", rejected)).doesNotContain("short-1", "no-digits-at-all", "not-the-current-1", "a-good-new-pass-1");
        assertThat(stats(rules, "password-rules-local", null).statusCode()).as("nothing changed").isEqualTo(200);
    }

    @Test
    void aSessionsWrongCurrentPasswordsCountAsFailedLoginsAndLockTheUserName() throws Exception {
        Browser session = Browser.signIn(base, guesser, "password-guesser-local");
        String guess = "{\"current\":\"guess-%d\",\"new\":\"a-good-new-pass-1\"}";
        for (int attempt = 1; attempt <= 6; attempt++) {
            assertThat(session.changePassword(guess.formatted(attempt), true).statusCode()).isEqualTo(400);
        }
        HttpResponse<String> locked = session.changePassword(guess.formatted(7), true);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(stats(guesser, "password-guesser-local", null).statusCode()).as("the right password, locked too").isEqualTo(429);
    }

    @Test
    void aBrowserSessionChangesItsPasswordWithTheCsrfTokenOnly() throws Exception {
        Browser session = Browser.signIn(base, browser, "browser-user-local");
        String body = "{\"current\":\"browser-user-local\",\"new\":\"browser-pass-0001\"}";

        assertThat(session.changePassword(body, false).statusCode()).as("without the CSRF token").isEqualTo(403);
        assertThat(session.changePassword(body, true).statusCode()).isEqualTo(204);
        assertThat(stats(browser, "browser-pass-0001", null).statusCode()).isEqualTo(200);
    }

    /** A browser signed in through the login form: its session cookie, and the CSRF cookie a script copies into a header. */
    private record Browser(String base, HttpClient client, CookieManager cookies) {

        static Browser signIn(String base, String user, String password) throws Exception {
            CookieManager cookies = new CookieManager();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).build();
            String loginPage = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher formToken = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"").matcher(loginPage);
            assertThat(formToken.find()).as("the login form carries its CSRF token").isTrue();
            String form = "username=" + user + "&password=" + password + "&_csrf=" + URLEncoder.encode(formToken.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).doesNotContain("error"));
            return new Browser(base, client, cookies);
        }

        HttpResponse<String> changePassword(String body, boolean withCsrfToken) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/account/password"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (withCsrfToken) {
                request.header("X-XSRF-TOKEN", cookies.getCookieStore().getCookies().stream()
                        .filter(cookie -> cookie.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue).findFirst().orElseThrow());
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private long floodRows() {
        return jdbc.queryForObject("select count(*) from audit_event where source_ip in (" + placeholders() + ")",
                Long.class, FLOOD_ADDRESSES.toArray());
    }

    /** Attempts the trail accounts for: a row each, or a summary's count. */
    private long attemptsAudited(String action) {
        List<Object> arguments = new ArrayList<>(FLOOD_ADDRESSES);
        arguments.add(0, action);
        return jdbc.queryForObject("select coalesce(sum(case when actor = '(summary)' then (detail::jsonb ->> 'attempts')::bigint"
                + " else 1 end), 0) from audit_event where action = ? and source_ip in (" + placeholders() + ")",
                Long.class, arguments.toArray());
    }

    private static String placeholders() {
        return String.join(",", FLOOD_ADDRESSES.stream().map(address -> "?").toList());
    }

    private HttpResponse<String> stats(String user, String password, String address) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/stats")).timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(user, password)).GET();
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> change(String user, String current, String next) throws Exception {
        return send(user, current, "{\"current\":\"" + current + "\",\"new\":\"" + next + "\"}", null);
    }

    private HttpResponse<String> send(String user, String password, String body, String address) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/account/password"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", basic(user, password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (address != null) {
            request.header("X-Forwarded-For", address);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
