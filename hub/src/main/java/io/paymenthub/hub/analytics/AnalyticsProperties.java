package io.paymenthub.hub.analytics;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Ad hoc analytics ({@code hub.analytics}, docs/analytics.md): a group backed by fewer than {@code min-group-size}
 * payments, or fewer distinct cards, is folded into {@code other}; released counts are rounded to a multiple of
 * {@code rounding-base} and amounts to {@code amount-significant-digits}, so two queries a narrow slice apart do not
 * give a suppressed group away by their difference; a user runs at most {@code queries-per-minute} queries in any
 * 60 seconds, counted in the audit chain so every instance shares the count; an answer holds at most
 * {@code max-groups} groups. Every {@code rollup-fold-interval} the payments' hourly rollup takes in the latest
 * deltas (V20). A query runs read-only and at most {@code statement-timeout}.
 */
public record AnalyticsProperties(@Min(2) int minGroupSize, @Min(1) @Max(100) int roundingBase,
                                  @Min(1) @Max(6) int amountSignificantDigits, @Min(1) int queriesPerMinute,
                                  @Min(1) @Max(10_000) int maxGroups, @NotNull Duration rollupFoldInterval,
                                  @NotNull Duration statementTimeout) {
}
