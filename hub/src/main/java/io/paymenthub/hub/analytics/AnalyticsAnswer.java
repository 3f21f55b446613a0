package io.paymenthub.hub.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to an analytics query: released groups, and the groups that could not be released folded into
 * {@code other} (one entry per currency when amounts are measured). Each row holds its group's dimensions (null where
 * a payment has none) and its measures, rounded as {@code release} says.
 *
 * @param groupBy         the dimensions of each row, the currency added where amounts are measured
 * @param suppressedGroups how many groups were folded into {@code other}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record AnalyticsAnswer(Instant from, Instant to, List<String> groupBy, List<String> measures,
                       List<Map<String, Object>> rows, List<Other> other, long suppressedGroups, ReleaseRules release) {

    /**
     * Groups folded together. Its measures are null, {@code released} false, when the fold itself is too small to
     * release.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Other(String currency, long groups, boolean released, Map<String, Object> values) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ReleaseRules(int minGroupSize, int roundingBase, int amountSignificantDigits) {
    }
}
