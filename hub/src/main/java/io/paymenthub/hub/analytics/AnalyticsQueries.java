package io.paymenthub.hub.analytics;

import io.paymenthub.hub.query.InvalidQuery;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs an analytics query and releases what may leave the hub of its answer ({@link Release}). */
final class AnalyticsQueries {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final AnalyticsProperties properties;
    private final Release release;

    AnalyticsQueries(JdbcTemplate jdbc, TransactionTemplate transactions, AnalyticsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.release = new Release(properties.minGroupSize(), properties.roundingBase(), properties.amountSignificantDigits());
    }

    AnalyticsAnswer answer(AnalyticsQuery query) {
        // one more than the cap tells an answer that fits from one that does not; folds take one row per currency
        int maxRows = properties.maxGroups() + 1 + (query.measuresAmounts() ? properties.maxGroups() : 1);
        AnalyticsSql sql = AnalyticsSql.of(query, properties.minGroupSize(), maxRows);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<AnalyticsAnswer.Other> other = new ArrayList<>();
        long[] suppressed = {0};
        try {
            transactions.executeWithoutResult(status -> {
                // a read-only transaction with a time limit: an analyst's query never writes, nor holds the datastore long
                jdbc.execute("set local statement_timeout = " + properties.statementTimeout().toMillis());
                collect(query, sql, rows, other, suppressed);
            });
        } catch (QueryTimeoutException tooLong) {
            throw new InvalidQuery(List.of("to: the query ran past hub.analytics.statement-timeout ("
                    + properties.statementTimeout().toSeconds() + " s); narrow the range, or query only rollup dimensions"
                    + " and additive measures (docs/analytics.md)"));
        }
        List<String> groupBy = new ArrayList<>(query.groupDimensions().stream().map(Dimension::field).toList());
        query.bucket().ifPresent(bucket -> groupBy.add(bucket.field()));
        return new AnalyticsAnswer(query.from(), query.to(), groupBy, query.measures().stream().map(Measure::field).toList(),
                rows, other, suppressed[0], new AnalyticsAnswer.ReleaseRules(properties.minGroupSize(),
                properties.roundingBase(), properties.amountSignificantDigits()));
    }

    private void collect(AnalyticsQuery query, AnalyticsSql sql, List<Map<String, Object>> rows,
                         List<AnalyticsAnswer.Other> other, long[] suppressed) {
        jdbc.query(sql.sql(), rs -> {
            Release.Figures figures = figures(rs, query.measures());
            if (rs.getBoolean("released")) {
                if (rows.size() == properties.maxGroups()) {
                    throw new InvalidQuery(List.of("group_by: more than " + properties.maxGroups()
                            + " groups to release; narrow the filters or group by fewer dimensions"));
                }
                Map<String, Object> row = new LinkedHashMap<>(group(rs, sql.keys(), query));
                row.putAll(release.released(figures, query.measures()));
                rows.add(row);
            } else {
                long groups = rs.getLong("groups");
                suppressed[0] += groups;
                boolean releasable = release.releasable(figures);
                String currency = query.measuresAmounts() ? blankToNull(rs.getString(Dimension.CURRENCY.field())) : null;
                other.add(new AnalyticsAnswer.Other(currency, groups, releasable,
                        releasable ? release.released(figures, query.measures()) : null));
            }
        }, sql.arguments().toArray());
    }

    private static Release.Figures figures(ResultSet rs, List<Measure> measures) throws SQLException {
        Map<Measure, Object> values = new EnumMap<>(Measure.class);
        for (Measure measure : measures) {
            values.put(measure, rs.getObject(measure.field()));
        }
        return new Release.Figures(rs.getLong("n"), rs.getLong("card_rows"), rs.getLong("cards"), values);
    }

    private static Map<String, Object> group(ResultSet rs, List<String> keys, AnalyticsQuery query) throws SQLException {
        Map<String, Object> group = new LinkedHashMap<>();
        for (String key : keys) {
            if (key.equals("whole")) {
                continue;
            }
            if (key.equals(AnalyticsSql.BUCKET)) {
                group.put(query.bucket().orElseThrow().field(), rs.getObject(key, OffsetDateTime.class).toInstant().toString());
                continue;
            }
            group.put(key, blankToNull(rs.getString(key)));
        }
        return group;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
