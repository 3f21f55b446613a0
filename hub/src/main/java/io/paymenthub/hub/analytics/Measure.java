package io.paymenthub.hub.analytics;

import java.util.Arrays;
import java.util.Optional;

/** What an analytics query may compute per group. Amount measures are per currency, never across currencies. */
enum Measure {
    COUNT("count", "count(*)", Kind.COUNT),
    SUM_AMOUNT("sum_amount", "sum(amount_minor)", Kind.AMOUNT),
    AVG_AMOUNT("avg_amount", "avg(amount_minor)", Kind.AMOUNT),
    P50_AMOUNT("p50_amount", "percentile_cont(0.5) within group (order by amount_minor)", Kind.AMOUNT),
    P95_AMOUNT("p95_amount", "percentile_cont(0.95) within group (order by amount_minor)", Kind.AMOUNT),
    DISTINCT_CARDS("distinct_cards", "count(distinct pan_token)", Kind.COUNT),
    LATENCY_P95("latency_p95", "percentile_cont(0.95) within group (order by latency_ms)", Kind.MILLISECONDS);

    /** How a released value is rounded (docs/analytics.md, "Releasing aggregates"). */
    enum Kind { COUNT, AMOUNT, MILLISECONDS }

    private final String field;
    private final String sql;
    private final Kind kind;

    Measure(String field, String sql, Kind kind) {
        this.field = field;
        this.sql = sql;
        this.kind = kind;
    }

    String field() {
        return field;
    }

    /** The aggregate over the rows of a group; a fixed expression, never built from the query's text. */
    String sql() {
        return sql;
    }

    Kind kind() {
        return kind;
    }

    static Optional<Measure> named(String field) {
        return Arrays.stream(values()).filter(measure -> measure.field.equals(field)).findFirst();
    }
}
