package io.paymenthub.hub.metrics;

import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.SampleMessages;
import io.paymenthub.hub.support.SampleMessages.Pacs008;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert rules (monitoring/prometheus-rules.yaml) read what a running hub serves at {@code /actuator/prometheus}:
 * every metric an expression names, with every label value it matches and every label it groups or matches on. And
 * one alert's condition made true for real: a source route stopped serves {@code hub_source_up 0} until it is
 * started again.
 */
class AlertRulesIT extends HubIntegrationTest {

    private static final Path RULES = Path.of("monitoring/prometheus-rules.yaml");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;

    @Test
    void everySeriesAndLabelTheRulesReadIsServed() throws IOException {
        // the counters a hub creates on first use: a payment stored, one quarantined, one dead-lettered
        assertThat(submit(SampleMessages.pacs008(Pacs008.IN, "ALERTS", 1).get(0)).getStatusCode().value()).isEqualTo(202);
        assertThat(submit(SampleMessages.pacs008(Pacs008.UNKNOWN, "ALERTS-X", 1).get(0)).getStatusCode().value()).isEqualTo(202);
        assertThat(submit("<Document>not a payment</Document>".getBytes()).getStatusCode().value()).isEqualTo(400);

        List<RuleReads> rules = rules();
        assertThat(rules).extracting(RuleReads::alert).hasSize(12).doesNotHaveDuplicates();
        List<Sample> served = scrape();
        for (RuleReads rule : rules) {
            Set<String> labelsOfItsSeries = new LinkedHashSet<>();
            for (Selector selector : rule.selectors()) {
                List<Sample> series = served.stream().filter(s -> s.name().equals(selector.metric())).toList();
                assertThat(series).as("%s reads %s", rule.alert(), selector.metric()).isNotEmpty();
                selector.equalities().forEach((label, value) -> assertThat(series)
                        .as("%s reads %s{%s=\"%s\"}", rule.alert(), selector.metric(), label, value)
                        .anyMatch(s -> value.equals(s.labels().get(label))));
                series.forEach(s -> labelsOfItsSeries.addAll(s.labels().keySet()));
            }
            assertThat(labelsOfItsSeries).as("%s groups or matches on", rule.alert()).containsAll(rule.groupingLabels());
        }
    }

    @Test
    void aStoppedSourceRouteIsServedAsDownUntilItIsStartedAgain() throws Exception {
        await().atMost(PATIENCE).until(() -> sourceUp("ingest-sqs"), v -> v == 1.0);
        camel.getRouteController().stopRoute("ingest-sqs");
        try {
            assertThat(sourceUp("ingest-sqs")).isZero();
            assertThat(sourceUp("ingest-kafka")).isEqualTo(1.0);
        } finally {
            camel.getRouteController().startRoute("ingest-sqs");
        }
        await().atMost(PATIENCE).until(() -> sourceUp("ingest-sqs"), v -> v == 1.0);
    }

    @Test
    void theRulesReadTheHubsControlMetrics() throws IOException {
        assertThat(rules().stream().flatMap(rule -> rule.selectors().stream()).map(Selector::metric).distinct())
                .containsExactlyInAnyOrder("hub_audit_chain_valid", "hub_audit_anchor_age_seconds",
                        "hub_audit_anchor_interval_seconds", "hub_leak_scan_clear_pans",
                        "hub_residency_stored_foreign_origin", "hub_security_alerts_total",
                        "hub_datastore_circuit_open_seconds", "hub_archive_failures_total",
                        "hub_residency_decisions_total", "hub_dead_letters_total", "hub_keys_newest_age_seconds",
                        "hub_keys_cryptoperiod_seconds", "hub_login_failures_total", "hub_source_up");
    }

    /** {@code hub_source_up} of one route as scraped; its {@code source} label is the route id's second part. */
    private double sourceUp(String route) {
        Sample up = scrape().stream()
                .filter(s -> s.name().equals("hub_source_up") && route.equals(s.labels().get("route")))
                .findFirst().orElseThrow(() -> new AssertionError("no hub_source_up for " + route));
        assertThat(up.labels()).containsEntry("source", route.substring("ingest-".length()));
        return up.value();
    }

    private ResponseEntity<String> submit(byte[] document) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_XML);
        return http.withBasicAuth("submitter", "submitter-local")
                .postForEntity("/api/v1/messages", new HttpEntity<>(document, headers), String.class);
    }

    // ---- what the rules read

    /** One rule's reads: the selectors of its expression and the labels it groups or matches on. */
    record RuleReads(String alert, List<Selector> selectors, Set<String> groupingLabels) {
    }

    /** A metric name and the {@code label="value"} matchers beside it. */
    record Selector(String metric, Map<String, String> equalities) {
    }

    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?(\\s*\\()?");
    private static final Pattern EQUALITY = Pattern.compile("([a-zA-Z_]\\w*)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");
    /** Words that are not metrics; group_left and group_right may come without a label list. */
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "group_left", "group_right");

    @SuppressWarnings("unchecked")
    private static List<RuleReads> rules() throws IOException {
        try (Reader reader = Files.newBufferedReader(RULES)) {
            Map<String, Object> file = new Yaml().load(reader);
            List<RuleReads> reads = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    reads.add(reads((String) rule.get("alert"), (String) rule.get("expr")));
                }
            }
            return reads;
        }
    }

    /** A PromQL expression's selectors, read with what these rules use: no strings outside label matchers. */
    static RuleReads reads(String alert, String expr) {
        Set<String> grouping = new LinkedHashSet<>();
        Matcher clauses = GROUPING.matcher(expr);
        while (clauses.find()) {
            for (String label : clauses.group(1).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.strip());
                }
            }
        }
        String rest = RANGE.matcher(GROUPING.matcher(expr).replaceAll(" ")).replaceAll(" ");
        List<Selector> selectors = new ArrayList<>();
        Matcher names = NAME.matcher(rest);
        while (names.find()) {
            boolean call = names.group(3) != null && names.group(2) == null;
            if (call || KEYWORDS.contains(names.group(1))) {
                continue;
            }
            Map<String, String> equalities = new LinkedHashMap<>();
            if (names.group(2) != null) {
                Matcher matchers = EQUALITY.matcher(names.group(2));
                while (matchers.find()) {
                    String quoted = matchers.group(2);
                    equalities.put(matchers.group(1), quoted.substring(1, quoted.length() - 1));
                }
            }
            selectors.add(new Selector(names.group(1), equalities));
        }
        assertThat(selectors).as("%s: %s", alert, expr).isNotEmpty();
        return new RuleReads(alert, selectors, grouping);
    }

    // ---- what the hub serves

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]\\w*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The scrape as Prometheus takes it (the text format), with the ops role. */
    private List<Sample> scrape() {
        ResponseEntity<String> answer = http.withBasicAuth("ops", "ops-local").getForEntity("/actuator/prometheus", String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : answer.getBody().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, value(sample.group(3))));
        }
        return samples;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
