package io.paymenthub.hub.analytics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What may leave the hub of a group's figures (docs/analytics.md, "Releasing aggregates"). A group is released when
 * it holds at least {@code minGroupSize} payments and, if it holds card payments, at least as many distinct cards;
 * the rest are folded into {@code other}, itself released only when the fold passes the same test. Released counts
 * are rounded to a multiple of {@code roundingBase} and amounts to {@code significantDigits}, so the difference of two
 * answers shows a suppressed group only to within the rounding.
 */
record Release(int minGroupSize, int roundingBase, int significantDigits) {

    /** A group's figures as the statement returned them: its size, its card payments and distinct cards, its measures. */
    record Figures(long payments, long cardPayments, long distinctCards, Map<Measure, Object> measures) {
    }

    boolean releasable(Figures figures) {
        return figures.payments() >= minGroupSize
                && (figures.cardPayments() == 0 || figures.distinctCards() >= minGroupSize);
    }

    /** The measures as released, in the order asked; rounding keeps a count of a released group above zero. */
    Map<String, Object> released(Figures figures, List<Measure> measures) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Measure measure : measures) {
            Object value = figures.measures().get(measure);
            values.put(measure.field(), value == null ? null : switch (measure.kind()) {
                case COUNT -> roundCount(((Number) value).longValue());
                case AMOUNT -> roundAmount(new BigDecimal(value.toString()));
                case MILLISECONDS -> Math.round(((Number) value).doubleValue());
            });
        }
        return values;
    }

    long roundCount(long count) {
        long rounded = Math.round((double) count / roundingBase) * roundingBase;
        return count > 0 ? Math.max(rounded, roundingBase) : 0;
    }

    BigDecimal roundAmount(BigDecimal amount) {
        BigDecimal rounded = amount.round(new MathContext(significantDigits, RoundingMode.HALF_EVEN));
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded.setScale(Math.min(rounded.scale(), 2), RoundingMode.HALF_EVEN);
    }
}
