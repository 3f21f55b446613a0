package io.paymenthub.hub.analytics;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A query as the analyst sent it, read field by field so that every problem names its field and never repeats a
 * value (a value may be a card number typed in the wrong place). Time ranges are whole hours and amount bounds 0 or
 * powers of ten: a slice narrower than that cannot be asked for.
 *
 * @param filters    values each dimension may take (any of them)
 * @param groupBy    up to {@value #MAX_DIMENSIONS} dimensions, in the order given
 * @param amountFrom inclusive lower bound of {@code amount_minor}, or null
 * @param amountTo   exclusive upper bound of {@code amount_minor}, or null
 */
record AnalyticsQuery(Instant from, Instant to, Map<Dimension, List<String>> filters, Long amountFrom, Long amountTo,
                      List<Dimension> groupBy, Optional<TimeBucket> bucket, List<Measure> measures) {

    static final int MAX_DIMENSIONS = 3;
    static final int MAX_VALUES_PER_FILTER = 50;
    static final long MAX_RANGE_DAYS = 400;
    private static final String AMOUNT = "amount_minor";
    private static final Set<String> FIELDS = Set.of("from", "to", "filters", "group_by", "measures");

    /** The dimensions of the answer's groups: those asked for, and the currency whenever an amount is measured. */
    List<Dimension> groupDimensions() {
        List<Dimension> dimensions = new ArrayList<>(groupBy);
        if (measuresAmounts() && !dimensions.contains(Dimension.CURRENCY)) {
            dimensions.add(Dimension.CURRENCY);
        }
        return dimensions;
    }

    boolean measuresAmounts() {
        return measures.stream().anyMatch(measure -> measure.kind() == Measure.Kind.AMOUNT);
    }

    /** Whether the rows read include residency decisions that stored no payment (FOREIGN, UNKNOWN). */
    boolean readsDecisions() {
        List<String> outcomes = filters.get(Dimension.RESIDENCY_OUTCOME);
        return outcomes == null ? groupBy.contains(Dimension.RESIDENCY_OUTCOME) : outcomes.stream().anyMatch(o -> !o.equals("LOCAL"));
    }

    /** The query's shape for the audit chain: names of the filters, dimensions and measures, never a value. */
    Map<String, Object> shape() {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("from", from.toString());
        shape.put("to", to.toString());
        List<String> filtered = new ArrayList<>(filters.keySet().stream().map(Dimension::field).toList());
        if (amountFrom != null || amountTo != null) {
            filtered.add(AMOUNT);
        }
        shape.put("filters", filtered);
        List<String> grouped = new ArrayList<>(groupBy.stream().map(Dimension::field).toList());
        bucket.ifPresent(b -> grouped.add(b.field()));
        shape.put("group_by", grouped);
        shape.put("measures", measures.stream().map(Measure::field).toList());
        return shape;
    }

    /** Reads a request body; every problem found is added to {@code problems}, naming its field. */
    static AnalyticsQuery read(JsonNode body, List<String> problems) {
        if (body == null || !body.isObject()) {
            problems.add("body: must be a JSON object with from, to, filters, group_by and measures");
            return null;
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(named(name) + ": not a field of an analytics query (from, to, filters, group_by, measures)");
            }
        }
        Instant from = hour(body, "from", problems);
        Instant to = hour(body, "to", problems);
        if (from != null && to != null) {
            if (!to.isAfter(from)) {
                problems.add("to: must be after from");
            } else if (ChronoUnit.DAYS.between(from, to) > MAX_RANGE_DAYS) {
                problems.add("to: at most " + MAX_RANGE_DAYS + " days after from");
            }
        }
        Map<Dimension, List<String>> filters = new LinkedHashMap<>();
        Long[] amount = new Long[2];
        readFilters(body.get("filters"), filters, amount, problems);
        List<Dimension> groupBy = new ArrayList<>();
        Optional<TimeBucket> bucket = readGroupBy(body.get("group_by"), groupBy, problems);
        List<Measure> measures = readMeasures(body.get("measures"), problems);
        return new AnalyticsQuery(from, to, filters, amount[0], amount[1], groupBy, bucket, measures);
    }

    private static Instant hour(JsonNode body, String field, List<String> problems) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            problems.add(field + ": required, an instant such as 2026-11-01T00:00:00Z");
            return null;
        }
        try {
            Instant instant = Instant.parse(value.asText());
            if (!instant.truncatedTo(ChronoUnit.HOURS).equals(instant)) {
                problems.add(field + ": must be a whole hour (minutes, seconds and fractions zero)");
                return null;
            }
            return instant;
        } catch (DateTimeParseException notAnInstant) {
            problems.add(field + ": not an instant such as 2026-11-01T00:00:00Z");
            return null;
        }
    }

    private static void readFilters(JsonNode node, Map<Dimension, List<String>> filters, Long[] amount, List<String> problems) {
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problems.add("filters: must be an object of dimension to value or list of values");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> filter = fields.next();
            String field = "filters." + named(filter.getKey());
            if (filter.getKey().equals(AMOUNT)) {
                readAmount(filter.getValue(), amount, problems);
                continue;
            }
            Optional<Dimension> dimension = Dimension.named(filter.getKey());
            if (dimension.isEmpty()) {
                problems.add(field + ": not a dimension (" + dimensionNames() + ", " + AMOUNT + ")");
                continue;
            }
            List<String> values = new ArrayList<>();
            JsonNode given = filter.getValue();
            for (JsonNode value : given.isArray() ? given : List.of(given)) {
                if (!value.isTextual() || !dimension.get().accepts(value.asText())) {
                    problems.add(field + ": not a valid " + dimension.get().field() + " value");
                    return;
                }
                values.add(value.asText());
            }
            if (values.isEmpty() || values.size() > MAX_VALUES_PER_FILTER) {
                problems.add(field + ": 1 to " + MAX_VALUES_PER_FILTER + " values");
                continue;
            }
            filters.put(dimension.get(), List.copyOf(new LinkedHashSet<>(values)));
        }
    }

    private static void readAmount(JsonNode node, Long[] amount, List<String> problems) {
        if (!node.isObject()) {
            problems.add("filters.amount_minor: must be an object such as {\"min\": 1000, \"max\": 100000}");
            return;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("min") && !name.equals("max")) {
                problems.add("filters.amount_minor." + named(name) + ": not a bound (min, max)");
            }
        }
        amount[0] = bound(node.get("min"), "min", problems);
        amount[1] = bound(node.get("max"), "max", problems);
        if (amount[0] != null && amount[1] != null && amount[1] <= amount[0]) {
            problems.add("filters.amount_minor.max: must be above min");
        }
    }

    /** 0 or a power of ten: amount bands, so no two queries differ by a handful of amounts. */
    private static Long bound(JsonNode node, String name, List<String> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            problems.add("filters.amount_minor." + name + ": must be a whole number of minor units");
            return null;
        }
        long value = node.asLong();
        if (!(value == 0 || isPowerOfTen(value))) {
            problems.add("filters.amount_minor." + name + ": must be 0 or a power of ten (1, 10, 100 ... minor units)");
            return null;
        }
        return value;
    }

    private static boolean isPowerOfTen(long value) {
        long power = 1;
        while (power < value && power <= Long.MAX_VALUE / 10) {
            power *= 10;
        }
        return power == value;
    }

    private static Optional<TimeBucket> readGroupBy(JsonNode node, List<Dimension> groupBy, List<String> problems) {
        Optional<TimeBucket> bucket = Optional.empty();
        if (node == null || node.isNull()) {
            return bucket;
        }
        if (!node.isArray()) {
            problems.add("group_by: must be a list of dimensions");
            return bucket;
        }
        for (JsonNode entry : node) {
            String name = entry.isTextual() ? entry.asText() : "";
            Optional<TimeBucket> time = TimeBucket.named(name);
            Optional<Dimension> dimension = Dimension.named(name);
            if (time.isPresent() && bucket.isEmpty()) {
                bucket = time;
            } else if (time.isPresent()) {
                problems.add("group_by: at most one time bucket (hour, day, week, month)");
            } else if (dimension.isEmpty()) {
                problems.add("group_by." + named(name) + ": not a dimension (" + dimensionNames()
                        + ", or a time bucket hour, day, week, month)");
            } else if (!groupBy.contains(dimension.get())) {
                groupBy.add(dimension.get());
            }
        }
        if (groupBy.size() > MAX_DIMENSIONS) {
            problems.add("group_by: at most " + MAX_DIMENSIONS + " dimensions besides the time bucket");
        }
        return bucket;
    }

    private static List<Measure> readMeasures(JsonNode node, List<String> problems) {
        List<Measure> measures = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add("measures: required, a list of " + measureNames());
            return measures;
        }
        for (JsonNode entry : node) {
            Optional<Measure> measure = entry.isTextual() ? Measure.named(entry.asText()) : Optional.empty();
            if (measure.isEmpty()) {
                problems.add("measures." + named(entry.isTextual() ? entry.asText() : "") + ": not a measure (" + measureNames() + ")");
            } else if (!measures.contains(measure.get())) {
                measures.add(measure.get());
            }
        }
        return measures;
    }

    /** A name the caller gave, repeated only when it has the shape of a field name (it could be anything, a PAN). */
    private static String named(String name) {
        return name.matches("[a-z_]{1,40}") ? name : "(a name that is not a field)";
    }

    private static String dimensionNames() {
        return String.join(", ", java.util.Arrays.stream(Dimension.values()).map(Dimension::field).toList());
    }

    private static String measureNames() {
        return String.join(", ", java.util.Arrays.stream(Measure.values()).map(Measure::field).toList());
    }
}
