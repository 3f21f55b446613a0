package io.paymenthub.hub.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How long each store keeps what it holds (ISO-8601 periods; docs/compliance.md, "Retention"), with a region's own
 * periods under {@code regions.<region>}, and how the purge runs: every {@code purge-interval}, at most
 * {@code batch-size} rows a statement, {@code pause} between statements so ingest keeps the datastore.
 * {@code dead-letter-topics} is what the Kafka dead-letter and quarantine topics must keep at most
 * ({@code retention.ms}, checked, not set); the archive's objects expire by the bucket's lifecycle rule.
 */
public record RetentionProperties(@NotNull Duration purgeInterval, @Min(1) @Max(50_000) int batchSize,
                                  @NotNull Duration pause,
                                  @NotNull Period payments, @NotNull Period residencyDecisions,
                                  @NotNull Period pendingStatuses, @NotNull Period deadLetterEvents,
                                  @NotNull Period archive, @NotNull Period deadLetterTopics, @NotNull Period auditEvents,
                                  Map<String, Map<String, Period>> regions) {

    /** PCI DSS 10.5.1: audit history kept for at least twelve months. */
    public static final Period AUDIT_MINIMUM = Period.ofMonths(12);

    public RetentionProperties {
        regions = regions == null ? Map.of() : Map.copyOf(regions);
    }

    /** The periods in force in {@code region}: its own where it names them, else the defaults. */
    public Map<RetainedStore, Period> periods(String region) {
        Map<RetainedStore, Period> periods = new EnumMap<>(RetainedStore.class);
        periods.put(RetainedStore.PAYMENTS, payments);
        periods.put(RetainedStore.RESIDENCY_DECISIONS, residencyDecisions);
        periods.put(RetainedStore.PENDING_STATUSES, pendingStatuses);
        periods.put(RetainedStore.DEAD_LETTER_EVENTS, deadLetterEvents);
        periods.put(RetainedStore.ARCHIVE_INDEX, archive);
        periods.put(RetainedStore.AUDIT_EVENTS, auditEvents);
        regions.getOrDefault(region, Map.of()).forEach((name, period) ->
                RetainedStore.byProperty(name).ifPresent(store -> periods.put(store, period)));
        return periods;
    }

    /** The dead-letter and quarantine topics' period in force in {@code region}. */
    public Period deadLetterTopics(String region) {
        return regions.getOrDefault(region, Map.of()).getOrDefault("dead-letter-topics", deadLetterTopics);
    }

    /** What is wrong with these settings, each naming its property; empty when they hold. */
    public List<String> problems(String region) {
        List<String> problems = new ArrayList<>();
        regions.forEach((name, periods) -> periods.keySet().stream()
                .filter(store -> RetainedStore.byProperty(store).isEmpty() && !store.equals("dead-letter-topics"))
                .forEach(store -> problems.add("hub.retention.regions." + name + "." + store + ": not a store the hub keeps")));
        LocalDate from = LocalDate.of(2000, 1, 1);
        periods(region).forEach((store, period) -> {
            if (period.isNegative() || period.isZero()) {
                problems.add(name(region, store.property()) + ": must be a positive period, not " + period);
            }
        });
        Period audit = periods(region).get(RetainedStore.AUDIT_EVENTS);
        if (from.plus(audit).isBefore(from.plus(AUDIT_MINIMUM))) {
            problems.add(name(region, "audit-events") + ": audit events are kept at least " + AUDIT_MINIMUM + ", not " + audit);
        }
        return problems;
    }

    private String name(String region, String store) {
        return regions.getOrDefault(region, Map.of()).containsKey(store)
                ? "hub.retention.regions." + region + "." + store : "hub.retention." + store;
    }
}
