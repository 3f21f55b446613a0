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

    /** The dimensions the hourly rollup keeps (V20): a query on these alone, for additive measures, reads it. */
    private static final java.util.Set<Dimension> ROLLUP_DIMENSIONS = java.util.EnumSet.of(Dimension.REGION,
            Dimension.ORIGIN_COUNTRY, Dimension.CURRENCY, Dimension.MESSAGE_TYPE, Dimension.SOURCE, Dimension.FORMAT);
    private static final java.util.Set<Measure> ROLLUP_MEASURES = java.util.EnumSet.of(Measure.COUNT,
            Measure.SUM_AMOUNT, Measure.AVG_AMOUNT);

    static AnalyticsSql of(AnalyticsQuery query, int minGroupSize, int maxRows) {
        return readsRollup(query) ? rollup(query, minGroupSize, maxRows) : payments(query, minGroupSize, maxRows);
    }

    /** Whether the hourly rollup answers the query exactly: its dimensions, its filters and its measures are additive. */
    static boolean readsRollup(AnalyticsQuery query) {
        return ROLLUP_DIMENSIONS.containsAll(query.groupDimensions())
                && ROLLUP_DIMENSIONS.containsAll(query.filters().keySet())
                && query.amountFrom() == null && query.amountTo() == null
                && ROLLUP_MEASURES.containsAll(query.measures());
    }

    /**
     * From the rollup and its deltas not yet folded. A group's distinct cards are the bits set in its card map, never
     * more than the cards it holds: a group released by them holds at least that many.
     */
    private static AnalyticsSql rollup(AnalyticsQuery query, int minGroupSize, int maxRows) {
        List<Object> arguments = new ArrayList<>();
        List<String> keys = keys(query);
        String keyList = String.join(", ", keys);
        String bucketColumn = query.bucket().map(bucket -> "date_trunc('" + bucket.field() + "', hour, 'UTC') as " + BUCKET + ", ").orElse("");
        List<String> branches = new ArrayList<>();
        for (String table : List.of("payment_rollup", "payment_rollup_delta")) {
            arguments.add(Timestamp.from(query.from()));
            arguments.add(Timestamp.from(query.to()));
            branches.add("select 0 as whole, " + bucketColumn + "region, origin_country, currency, message_type, source, format,"
                    + " payments, card_payments, amount_payments, sum_amount, cards from " + table
                    + " where hour >= ? and hour < ?" + filters(query, false, arguments));
        }
        List<String> folded = new ArrayList<>();
        for (String key : keys) {
            folded.add(kept(query, key) ? key : "case when released then " + key + " end as " + key);
        }
        List<String> measures = new ArrayList<>();
        for (Measure measure : query.measures()) {
            measures.add(switch (measure) {
                case COUNT -> "sum(n)";
                case SUM_AMOUNT -> "sum(sum_amount)";
                case AVG_AMOUNT -> "sum(sum_amount) / nullif(sum(amount_payments), 0)";
                default -> throw new IllegalArgumentException(measure + " is not read from the rollup");
            } + " as " + measure.field());
        }
        String sql = "with rows as (" + String.join(" union all ", branches) + "),\n"
                + " grouped as (select " + keyList + ", sum(payments) as n, sum(card_payments) as card_rows,"
                + " sum(amount_payments) as amount_payments, sum(sum_amount) as sum_amount, bit_or(cards) as bits"
                + " from rows group by " + keyList + "),\n"
                + " judged as (select *, n >= ? and (card_rows = 0 or bit_count(bits) >= ?) as released from grouped)\n"
                + "select released, " + String.join(", ", folded) + ", count(*) as groups, sum(n) as n,"
                + " sum(card_rows) as card_rows, bit_count(bit_or(bits)) as cards, " + String.join(", ", measures) + "\n"
                + " from judged group by " + ordinals(1, keys.size() + 1)
                + "\n order by 1 desc, " + ordinals(2, keys.size() + 1) + "\n limit ?";
        arguments.add(minGroupSize);
        arguments.add(minGroupSize);
        arguments.add(maxRows);
        return new AnalyticsSql(sql, List.copyOf(arguments), List.copyOf(keys));
    }

    private static List<String> keys(AnalyticsQuery query) {
        List<String> keys = new ArrayList<>();
        keys.add("whole");   // a constant key: a query with no dimension has one group
        query.groupDimensions().forEach(dimension -> keys.add(dimension.field()));
        query.bucket().ifPresent(bucket -> keys.add(BUCKET));
        return keys;
    }

    /** Keys a fold keeps: the constant, and the currency when amounts are measured (never summed across currencies). */
    private static boolean kept(AnalyticsQuery query, String key) {
        return key.equals("whole") || (key.equals(Dimension.CURRENCY.field()) && query.measuresAmounts());
    }

    private static String ordinals(int first, int last) {
        return java.util.stream.IntStream.rangeClosed(first, last).mapToObj(String::valueOf).collect(Collectors.joining(", "));
    }

    /** From the payments themselves: exact distinct cards, percentiles, every dimension. */
    private static AnalyticsSql payments(AnalyticsQuery query, int minGroupSize, int maxRows) {
        List<Object> arguments = new ArrayList<>();
        List<String> keys = keys(query);
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
            folded.add(kept(query, key) ? "r." + key : "case when j.released then r." + key + " end as " + key);
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
                + " group by " + ordinals(1, keys.size() + 1)
                + "\n order by 1 desc, " + ordinals(2, keys.size() + 1)
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
