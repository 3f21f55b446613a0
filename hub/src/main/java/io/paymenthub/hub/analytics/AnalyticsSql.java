package io.paymenthub.hub.analytics;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An analytics query compiled to one parameterised statement. Every identifier in it comes from {@link Dimension},
 * {@link Measure} and {@link TimeBucket}, never from the query's text; every value is a bind parameter.
 * <p>
 * The statement reads the payments (and, where the query asks for residency outcomes, the decisions that stored no
 * payment), judges each group by its payments and distinct cards, and folds the groups that may not be released
 * into one row per kept key (the currency, when amounts are measured): every released group and every fold come
 * back from a single scan, so the figures of the two always add up.
 *
 * @param sql       the statement
 * @param arguments its bind parameters, in order
 * @param keys      the group's key columns, in the order the statement returns them after {@code released}
 */
record AnalyticsSql(String sql, List<Object> arguments, List<String> keys) {

    /** Groups absent from a dimension (no origin country, say) have this value in the statement, null in the answer. */
    static final String NONE = "";
    static final String BUCKET = "bucket";

    static AnalyticsSql of(AnalyticsQuery query, int minGroupSize, int maxRows) {
        List<Object> arguments = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        keys.add("whole");   // a constant key: a query with no dimension has one group
        query.groupDimensions().forEach(dimension -> keys.add(dimension.field()));
        query.bucket().ifPresent(bucket -> keys.add(BUCKET));
        String bucketColumn = query.bucket().map(bucket -> ", date_trunc('" + bucket.field() + "', at, 'UTC') as " + BUCKET).orElse("");

        List<String> branches = new ArrayList<>();
        if (readsPayments(query)) {
            branches.add("""
                    select 0 as whole, received_at as at, region, coalesce(origin_country::text, '') as origin_country,
                           coalesce(currency::text, '') as currency, message_type, source, format, status,
                           'LOCAL' as residency_outcome, coalesce(mcc::text, '') as mcc, amount_minor, pan_token,
                           extract(epoch from stored_at - received_at) * 1000 as latency_ms
                      from payment where received_at >= ? and received_at < ?""" + filters(query, false, arguments));
            arguments.add(0, Timestamp.from(query.to()));
            arguments.add(0, Timestamp.from(query.from()));
        }
        if (query.readsDecisions() && decisionsMatch(query)) {
            List<Object> decisionArguments = new ArrayList<>(List.of(Timestamp.from(query.from()), Timestamp.from(query.to())));
            branches.add("""
                    select 0 as whole, decided_at as at, coalesce(region, '') as region,
                           coalesce(origin_country::text, '') as origin_country, '' as currency, '' as message_type, source,
                           format, '' as status, outcome as residency_outcome, '' as mcc, null::bigint as amount_minor,
                           null::char(64) as pan_token, null::numeric as latency_ms
                      from residency_decision where decided_at >= ? and decided_at < ?""" + filters(query, true, decisionArguments));
            arguments.addAll(decisionArguments);
        }
        if (branches.isEmpty()) {
            branches.add("select 0 as whole, null::timestamptz as at, '' as region, '' as origin_country, '' as currency,"
                    + " '' as message_type, '' as source, '' as format, '' as status, '' as residency_outcome, '' as mcc,"
                    + " null::bigint as amount_minor, null::char(64) as pan_token, null::numeric as latency_ms where false");
        }

        String keyList = String.join(", ", keys);
        List<String> folded = new ArrayList<>();
        for (String key : keys) {
            boolean kept = key.equals("whole") || (key.equals(Dimension.CURRENCY.field()) && query.measuresAmounts());
            folded.add(kept ? "r." + key : "case when j.released then r." + key + " end as " + key);
        }
        String measures = query.measures().stream().map(measure -> measure.sql() + " as " + measure.field())
                .collect(Collectors.joining(", "));
        String sql = "with rows as (select *" + bucketColumn + " from (" + String.join(" union all ", branches) + ") as read),\n"
                + " grouped as (select " + keyList + ", count(*) as n, count(pan_token) as card_rows,"
                + " count(distinct pan_token) as cards from rows group by " + keyList + "),\n"
                + " judged as (select " + keyList + ", n >= ? and (card_rows = 0 or cards >= ?) as released from grouped)\n"
                + "select j.released, " + String.join(", ", folded) + ",\n"
                + " count(distinct (" + keys.stream().map(key -> "r." + key).collect(Collectors.joining(", ")) + ")) as groups,"
                + " count(*) as n, count(r.pan_token) as card_rows, count(distinct r.pan_token) as cards, " + measures + "\n"
                + " from rows r join judged j using (" + keyList + ")\n"
                + " group by " + java.util.stream.IntStream.rangeClosed(1, keys.size() + 1).mapToObj(String::valueOf).collect(Collectors.joining(", "))
                + "\n order by 1 desc, " + java.util.stream.IntStream.rangeClosed(2, keys.size() + 1).mapToObj(String::valueOf).collect(Collectors.joining(", "))
                + "\n limit ?";
        arguments.add(minGroupSize);
        arguments.add(minGroupSize);
        arguments.add(maxRows);
        return new AnalyticsSql(sql, List.copyOf(arguments), List.copyOf(keys));
    }

    private static boolean readsPayments(AnalyticsQuery query) {
        List<String> outcomes = query.filters().get(Dimension.RESIDENCY_OUTCOME);
        return outcomes == null || outcomes.contains("LOCAL");
    }

    /** A filter on something a decision does not have (currency, amount ...) leaves no decision in the answer. */
    private static boolean decisionsMatch(AnalyticsQuery query) {
        return query.amountFrom() == null && query.amountTo() == null
                && query.filters().keySet().stream().allMatch(Dimension::knownForDecisions);
    }

    private static String filters(AnalyticsQuery query, boolean decisions, List<Object> arguments) {
        StringBuilder where = new StringBuilder();
        for (Map.Entry<Dimension, List<String>> filter : query.filters().entrySet()) {
            Dimension dimension = filter.getKey();
            List<String> values = filter.getValue();
            String column = switch (dimension) {
                case RESIDENCY_OUTCOME -> decisions ? "outcome" : null;   // payments are all LOCAL: chosen by branch
                default -> dimension.field();
            };
            if (column == null) {
                continue;
            }
            where.append(" and ").append(column).append("::text = any(?)");
            arguments.add(values.toArray(String[]::new));
        }
        if (!decisions && query.amountFrom() != null) {
            where.append(" and amount_minor >= ?");
            arguments.add(query.amountFrom());
        }
        if (!decisions && query.amountTo() != null) {
            where.append(" and amount_minor < ?");
            arguments.add(query.amountTo());
        }
        return where.toString();
    }
}
