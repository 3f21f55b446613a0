package io.paymenthub.hub.dashboard;

import io.paymenthub.hub.support.HeadlessChromium;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In a real headless Chromium: an analyst logs in and the dashboard draws its charts from stored payments; an
 * operator logs in and Hawtio shows the hub's Camel routes. Screenshots land in hub/target/screenshots/.
 */
class DashboardBrowserIT extends HubIntegrationTest {

    private static final String TERMINAL = "DSH00001";
    private static final int PAYMENTS = 40;

    @LocalServerPort
    int port;

    ChromeDriver browser;

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theAnalystSeesChartsDrawnFromStoredPayments() throws Exception {
        storePaymentsAndOneOfEachOtherOutcome();

        browser.get(url("/dashboard/"));
        logIn("analyst", "analyst-local");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !"loading".equals(state()));
        HeadlessChromium.screenshot(browser, "dashboard-analyst");

        assertThat(state()).isEqualTo("ready");
        assertThat(Long.parseLong(browser.findElement(By.tagName("body")).getDomAttribute("data-stored"))).isGreaterThanOrEqualTo(PAYMENTS);
        assertThat(Long.parseLong(browser.findElement(By.tagName("body")).getDomAttribute("data-volume-charted"))).isGreaterThanOrEqualTo(PAYMENTS);
        for (String chart : List.of("volume", "decisions", "deadLetters", "latency")) {
            Object points = browser.executeScript(
                    "const c = Chart.getChart(arguments[0]); return c ? c.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1;", chart);
            assertThat(((Number) points).intValue()).as(chart).isPositive();
        }
        // the analytics charts are saved queries, each a link to the builder with its query loaded
        assertThat(browser.findElement(By.cssSelector("a[data-saved=volume]")).getDomAttribute("href"))
                .startsWith("explore.html#").contains("group_by=region", "bucket=hour", "measure=count");
        assertThat(browser.findElement(By.cssSelector("a[data-saved=decisions]")).getDomAttribute("href")).contains("group_by=residency_outcome");
        assertThat(browser.findElement(By.cssSelector("a[data-saved=latency]")).getDomAttribute("href")).contains("measure=latency_p95");
        assertThat(browser.findElement(By.id("decided")).getText()).isNotEqualTo("0");
        assertThat(browser.findElement(By.id("dead")).getText()).isNotEqualTo("0");
        assertThat(Files.size(HeadlessChromium.SCREENSHOTS.resolve("dashboard-analyst.png"))).isPositive();
    }

    @Test
    void theOperatorSeesTheHubsRoutesInHawtio() throws Exception {
        browser.get(url("/actuator/hawtio/"));
        logIn("ops", "ops-local");
        browser.get(url("/actuator/hawtio/camel/routes"));
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(500))
                    .until(b -> b.getPageSource().contains("process-payment") && b.getPageSource().contains("ingest-kafka"));
        } finally {
            HeadlessChromium.screenshot(browser, "hawtio-ops");
        }

        assertThat(browser.getPageSource()).contains("deliver-store-payment", "deliver-forward-payment");
        assertThat(Files.size(HeadlessChromium.SCREENSHOTS.resolve("hawtio-ops.png"))).isPositive();
    }

    @Test
    void theAnalystIsRefusedHawtio() {
        browser.get(url("/actuator/hawtio/"));
        logIn("analyst", "analyst-local");
        assertThat(browser.getPageSource()).doesNotContain("Hawtio").contains("403");
    }

    private void logIn(String user, String password) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> !b.getCurrentUrl().endsWith("/login"));
    }

    private String state() {
        return browser.findElement(By.tagName("body")).getDomAttribute("data-state");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static void awaitOutsideTheLastMinuteOfTheHour() throws InterruptedException {
        Instant now = Instant.now();
        Duration left = Duration.between(now, now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS));
        if (left.compareTo(Duration.ofMinutes(1)) < 0) {
            Thread.sleep(left.plusSeconds(1).toMillis());
        }
    }

    /**
     * Stored payments for the volume and latency charts, a card each (analytics releases a group only with enough
     * distinct cards); a foreign, an unknown and a broken one for the counters.
     */
    private void storePaymentsAndOneOfEachOtherOutcome() throws InterruptedException {
        // one hour's group: the volume chart releases it whole (40 payments, 40 cards), not split across two hours
        awaitOutsideTheLastMinuteOfTheHour();
        List<byte[]> messages = new ArrayList<>(SampleMessages.iso8583IndiaDistinctCards(TERMINAL, 1, PAYMENTS));
        messages.add(JposMessages.purchase(901, JposMessages.SINGAPORE).set(41, TERMINAL).pack());
        messages.add(JposMessages.purchase(902, null).set(41, TERMINAL).pack());
        messages.add(JposMessages.purchase(903, JposMessages.INDIA).set(41, TERMINAL).unset(11).pack());
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            kafka.send(topic, messages);
            kafka.awaitCommitted(group, topic, Duration.ofSeconds(90));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from payment where message_id like '%:' || ?", Long.class, TERMINAL), n -> n == PAYMENTS);
    }
}
