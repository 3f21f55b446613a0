package io.paymenthub.bench;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.PaymentHubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analytics over a month of 10 million payments, on demand (not part of {@code verify}): loads synthetic rows into
 * the payment table (a month, 24 origin countries, 2 currencies, 50 merchant categories, 2 million cards) through
 * the hub's datastore, waits for the rollup to take them in, and times five typical one-month queries through {@code POST /api/v1/analytics/query} as an analyst —
 * HTTP, the audit row and the JSON included — reporting p50 and p95 of {@code bench.runs} runs each. See
 * bench/README.md.
 */
class AnalyticsQueryBench {

    private static final long ROWS = Long.getLong("bench.rows", 10_000_000L);
    private static final int RUNS = Integer.getInteger("bench.runs", 10);
    private static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-10-31T00:00:00Z");

    /**
     * Rows spread evenly over 30 days, shaped like one region's traffic: most payments from the home country (a
     * long tail of 23 others), its currency or USD, three sources, card payments with a merchant category (50, a few
     * of them most of the traffic) and a card from 2 million, one in ten a pacs.008 credit transfer without a card.
     */
    private static final String LOAD = """
            insert into payment (message_id, source, format, message_type, origin_country, region, residency_field,
                                 amount_minor, currency, pan_token, pan_key_id, pan_masked, received_at, stored_at,
                                 mcc, status)
            select 'BENCH-' || i,
                   case when u2 < 0.70 then 'kafka' when u2 < 0.95 then 'iso8583' else 'sqs' end,
                   case when i % 10 = 0 then 'ISO20022' else 'ISO8583' end,
                   case when i % 10 = 0 then 'pacs.008.001.08' when i % 4 = 0 then '0100' else '0200' end,
                   country, 'in', 'DE19',
                   (10 ^ (2 + 4 * u3 * u3))::bigint,
                   case when country = 'IN' or u4 < 0.5 then 'INR' else 'USD' end,
                   case when i % 10 = 0 then null else encode(sha256(int4send((i % 2000000)::int)), 'hex') end,
                   'local-pan-v1', '411111******1111',
                   timestamptz '2026-10-01 00:00:00+00' + (i * (2592000.0 / ?)) * interval '1 second',
                   timestamptz '2026-10-01 00:00:00+00' + (i * (2592000.0 / ?) + 0.005 + (i % 50) / 1000.0) * interval '1 second',
                   case when i % 10 = 0 then null else (5000 + floor(50 * u5 * u5 * u5) * 11)::text end,
                   'RECEIVED'
              from (select i, (array['IN','SG','AE','GB','US','FR','DE','JP','BR','ZA','AU','CA','NL','IT','ES','MX','KR',
                                     'TH','MY','ID','PH','VN','SA','QA'])[1 + floor(24 * u1 * u1 * u1 * u1)::int] as country,
                           u2, u3, u4, u5
                      from (select i, (hashint4(i::int) & 2147483647) / 2147483648.0 as u1,
                                   (hashint4((i * 3)::int) & 2147483647) / 2147483648.0 as u2,
                                   (hashint4((i * 7)::int) & 2147483647) / 2147483648.0 as u3,
                                   (hashint4((i * 11)::int) & 2147483647) / 2147483648.0 as u4,
                                   (hashint4((i * 13)::int) & 2147483647) / 2147483648.0 as u5
                              from generate_series(?, ?) as i) as uniform) as drawn
            """;

    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        String range = "\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"";
        // answered from the hourly rollup
        QUERIES.put("count by country and day", "{" + range + ",\"group_by\":[\"origin_country\",\"day\"],\"measures\":[\"count\"]}");
        QUERIES.put("sum and avg by region and week (per currency)", "{" + range
                + ",\"group_by\":[\"region\",\"week\"],\"measures\":[\"sum_amount\",\"avg_amount\"]}");
        QUERIES.put("count by source and message type, daily, two countries", "{" + range
                + ",\"filters\":{\"origin_country\":[\"IN\",\"SG\"]},\"group_by\":[\"source\",\"message_type\",\"day\"],\"measures\":[\"count\"]}");
        // read from the payments themselves: percentiles and exact distinct counts are not additive
        QUERIES.put("latency p95 by day, one source", "{" + range
                + ",\"filters\":{\"source\":\"sqs\"},\"group_by\":[\"day\"],\"measures\":[\"latency_p95\"]}");
        QUERIES.put("count and distinct cards by mcc, one country", "{" + range
                + ",\"filters\":{\"origin_country\":\"SG\"},\"group_by\":[\"mcc\"],\"measures\":[\"count\",\"distinct_cards\"]}");
    }

    @Test
    void oneMonthQueriesOverTenMillionPayments() throws Exception {
        System.setProperty("devservices.postgres.durable", "true");
        DevServices services = DevServices.get();
        services.applyAsSystemProperties();
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=payment-hub-bench",
                        "--hub.sources.iso8583.enabled=false", "--hub.sources.kafka.enabled=false",
                        "--hub.sources.sqs.enabled=false", "--hub.sources.s3.enabled=false",
                        "--hub.analytics.queries-per-minute=100000",
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
        try {
            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            long loadStart = System.nanoTime();
            long batch = 1_000_000;
            for (long first = 0; first < ROWS; first += batch) {
                jdbc.update(LOAD, ROWS, ROWS, first, Math.min(first + batch, ROWS) - 1);
            }
            // the hub folds the statements' deltas into the rollup in the background; the queries start once it is done
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(30)).pollInterval(java.time.Duration.ofSeconds(2))
                    .until(() -> jdbc.queryForObject("select count(*) from payment_rollup_delta", Long.class) == 0);
            jdbc.execute("analyze payment");
            jdbc.execute("analyze payment_rollup");
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long stored = jdbc.queryForObject("select count(*) from payment where message_id like 'BENCH-%'", Long.class);
            assertThat(stored).isEqualTo(ROWS);
            long rollupRows = jdbc.queryForObject("select count(*) from payment_rollup", Long.class);

            int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
            HttpClient client = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString("analyst:analyst-local".getBytes(StandardCharsets.UTF_8));
            StringBuilder report = new StringBuilder();
            for (Map.Entry<String, String> query : QUERIES.entrySet()) {
                List<Double> millis = new ArrayList<>();
                String body = null;
                for (int run = 0; run <= RUNS; run++) {
                    long start = System.nanoTime();
                    HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/analytics/query"))
                            .header("Authorization", auth).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(query.getValue())).build(), HttpResponse.BodyHandlers.ofString());
                    double elapsed = (System.nanoTime() - start) / 1e6;
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    if (run > 0) {   // the first run warms the caches and the JIT
                        millis.add(elapsed);
                    }
                    body = answer.body();
                }
                millis.sort(Double::compare);
                String line = String.format("  %-52s p50 %7.0f ms   p95 %7.0f ms   %,d bytes%n", query.getKey(),
                        millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1), body.length());
                System.out.print("analytics bench: " + line);   // as it goes: a later query's failure keeps the figures
                report.append(line);
            }
            System.out.printf("""

                    Analytics, one-month queries over %,d payments (loaded and folded in %.0f s; %,d rollup rows), %d runs each after one warm-up, %d cores
                    %s%n""", ROWS, loadSeconds, rollupRows, RUNS, Runtime.getRuntime().availableProcessors(), report);
        } finally {
            hub.close();
        }
    }
}
