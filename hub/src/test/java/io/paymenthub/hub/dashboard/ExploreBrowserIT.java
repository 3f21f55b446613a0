package io.paymenthub.hub.dashboard;

import io.paymenthub.hub.support.HeadlessChromium;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a real headless Chromium: an analyst builds an analytics query in the page, sees it drawn with the small groups
 * folded into "other", and a fresh load of the page's link draws the same chart. The page offers no way to export.
 */
class ExploreBrowserIT extends HubIntegrationTest {

    /** A day no other test stores payments in (AnalyticsQueryIT has 2025-02-03). */
    private static final Instant DAY = Instant.parse("2025-03-10T00:00:00Z");
    /**
     * Payments per country, a card each: two groups large enough to release, three of 3 to 6 (12 together: enough
     * payments, and enough cards as the rollup's card map proves them, to release the fold).
     */
    private static final Map<String, Integer> COUNTRIES = new LinkedHashMap<>();

    static {
        COUNTRIES.put("IN", 40);
        COUNTRIES.put("SG", 20);
        COUNTRIES.put("FR", 3);
        COUNTRIES.put("DE", 3);
        COUNTRIES.put("JP", 6);
    }

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @BeforeEach
    void storePaymentsAndStartBrowser() {
        storePaymentsOnce();
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theAnalystBuildsAQueryAndItsLinkDrawsTheSameChart() throws Exception {
        browser.get(url("/dashboard/explore.html"));
        logIn();
        awaitState("idle");

        type("from", "2025-03-10 00");
        type("to", "2025-03-11 00");
        new Select(browser.findElement(By.id("dim-1"))).selectByValue("origin_country");
        new Select(browser.findElement(By.id("bucket"))).selectByValue("");
        new Select(browser.findElement(By.id("measure"))).selectByValue("count");
        browser.findElement(By.cssSelector("input[name=chart][value=bar]")).click();
        browser.findElement(By.id("run")).click();
        awaitState("ready");
        HeadlessChromium.screenshot(browser, "explore-analyst");

        assertThat(labels()).containsExactly("IN", "SG", "other (3 groups)");
        assertThat(values()).containsExactly(40L, 20L, 10L);
        assertThat(body("data-rows")).isEqualTo("2");
        assertThat(body("data-other")).isEqualTo("true");
        assertThat(body("data-suppressed")).isEqualTo("3");
        assertThat(browser.findElement(By.id("notes")).getText()).contains("other (3 groups): 10", "3 groups suppressed");
        assertThat(Files.size(HeadlessChromium.SCREENSHOTS.resolve("explore-analyst.png"))).isPositive();
        assertNoExportControl();

        String link = browser.findElement(By.id("share")).getDomProperty("href");
        assertThat(link).contains("#from=2025-03-10T00%3A00%3A00Z", "group_by=origin_country", "chart=bar");
        browser.get("about:blank");
        browser.get(link);
        awaitState("ready");

        assertThat(labels()).containsExactly("IN", "SG", "other (3 groups)");
        assertThat(values()).containsExactly(40L, 20L, 10L);
        assertThat(new Select(browser.findElement(By.id("dim-1"))).getFirstSelectedOption().getDomAttribute("value"))
                .as("the controls show the linked query").isEqualTo("origin_country");
        assertThat(browser.findElement(By.id("from")).getDomProperty("value")).isEqualTo("2025-03-10T00:00:00Z");
        assertNoExportControl();
    }

    @Test
    void aFoldTooSmallIsShownNotReleasedAndTheHubsProblemsAreShownInThePage() {
        browser.get(url("/dashboard/explore.html"));
        logIn();
        awaitState("idle");
        type("from", "2025-03-10");
        type("to", "2025-03-11");
        type("filter-origin_country", "IN, FR");
        new Select(browser.findElement(By.id("dim-1"))).selectByValue("origin_country");
        browser.findElement(By.cssSelector("input[name=chart][value=table]")).click();
        browser.findElement(By.id("run")).click();
        awaitState("ready");

        List<WebElement> rows = browser.findElements(By.cssSelector("#table tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(cells(rows.get(0))).containsExactly("IN", "40");
        assertThat(cells(rows.get(1))).containsExactly("other (1 group)", "not released");
        assertThat(browser.findElement(By.id("table")).getText()).doesNotContain("FR");
        assertThat(body("data-other")).isEqualTo("true");

        browser.findElement(By.cssSelector("input[name=chart][value=line]")).click();
        browser.findElement(By.id("run")).click();
        awaitState("error");
        assertThat(browser.findElement(By.id("problems")).getText()).contains("a line over time needs a time bucket");

        // the hub refuses it (400, problem+json): its problems are listed, naming the field and not the value
        type("filter-origin_country", "india");
        browser.findElement(By.cssSelector("input[name=chart][value=bar]")).click();
        browser.findElement(By.id("run")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> "error".equals(body("data-state"))
                && browser.findElement(By.id("problem-list")).getText().contains("filters.origin_country"));
        HeadlessChromium.screenshot(browser, "explore-problem");
        assertThat(browser.findElement(By.id("problem-list")).getText()).contains("filters.origin_country: not a valid origin_country value");
        assertNoExportControl();
    }

    private void assertNoExportControl() {
        assertThat(browser.findElements(By.cssSelector("a[download]"))).isEmpty();
        for (WebElement control : browser.findElements(By.cssSelector("button, a, input[type=button], input[type=submit]"))) {
            String text = (control.getText() + " " + control.getDomAttribute("value") + " " + control.getDomAttribute("title")).toLowerCase();
            assertThat(text).as("no control exports").doesNotContain("export", "download", "csv", "png", "save image");
        }
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    @SuppressWarnings("unchecked")
    private List<String> labels() {
        return (List<String>) browser.executeScript("return Chart.getChart(document.getElementById('chart')).data.labels;");
    }

    @SuppressWarnings("unchecked")
    private List<Long> values() {
        return (List<Long>) browser.executeScript("return Chart.getChart(document.getElementById('chart')).data.datasets[0].data;");
    }

    private void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private void awaitState(String state) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> state.equals(body("data-state")));
    }

    private String body(String attribute) {
        return browser.findElement(By.tagName("body")).getDomAttribute(attribute);
    }

    private void logIn() {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys("analyst");
        browser.findElement(By.id("password")).sendKeys("analyst-local");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.getCurrentUrl().contains("/dashboard/explore.html"));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** The day's payments, inserted as stored (received in the past); a card each, so the groups pass on cards too. */
    private void storePaymentsOnce() {
        Long stored = jdbc.queryForObject("select count(*) from payment where received_at >= ? and received_at < ?",
                Long.class, Timestamp.from(DAY), Timestamp.from(DAY.plus(1, ChronoUnit.DAYS)));
        if (stored != null && stored == 72) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        int n = 0;
        int hour = 9;
        for (Map.Entry<String, Integer> country : COUNTRIES.entrySet()) {
            for (int i = 0; i < country.getValue(); i++, n++) {
                Instant received = DAY.plus(hour, ChronoUnit.HOURS).plusSeconds(n);
                rows.add(new Object[]{"UI-" + n, "kafka", "ISO8583", "0200", country.getKey(), "in", "DE19",
                        1000L + n, "INR", sha256("explore-card-" + n), "local-pan-v1", "411111******1111",
                        Timestamp.from(received), Timestamp.from(received.plusMillis(20)), "5411"});
            }
            hour++;
        }
        jdbc.batchUpdate("""
                insert into payment (message_id, source, format, message_type, origin_country, region, residency_field,
                                     amount_minor, currency, pan_token, pan_key_id, pan_masked, received_at, stored_at,
                                     mcc, status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED') on conflict do nothing
                """, rows);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return String.format("%064x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
