package io.paymenthub.hub.analytics;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseTest {

    private final Release release = new Release(10, 5, 3);

    @Test
    void aGroupNeedsEnoughPaymentsAndEnoughDistinctCards() {
        assertThat(release.releasable(new Release.Figures(10, 10, 10, Map.of()))).isTrue();
        assertThat(release.releasable(new Release.Figures(9, 9, 9, Map.of()))).as("too few payments").isFalse();
        assertThat(release.releasable(new Release.Figures(500, 500, 1, Map.of()))).as("one card's payments").isFalse();
        assertThat(release.releasable(new Release.Figures(40, 0, 0, Map.of()))).as("credit transfers, no card").isTrue();
        assertThat(release.releasable(new Release.Figures(40, 2, 2, Map.of()))).as("two cards among transfers").isFalse();
    }

    @Test
    void countsAreRoundedToTheBaseAndAmountsToSignificantDigits() {
        assertThat(release.roundCount(12)).isEqualTo(10);
        assertThat(release.roundCount(13)).isEqualTo(15);
        assertThat(release.roundCount(2)).as("a count above zero stays above zero").isEqualTo(5);
        assertThat(release.roundCount(0)).isZero();
        assertThat(release.roundAmount(new BigDecimal("1234567"))).isEqualByComparingTo("1230000");
        assertThat(release.roundAmount(new BigDecimal("12.3456"))).isEqualByComparingTo("12.3");
        Map<String, Object> values = release.released(new Release.Figures(12, 12, 12,
                Map.of(Measure.COUNT, 12L, Measure.SUM_AMOUNT, new BigDecimal("98765"), Measure.LATENCY_P95, 19.6d)),
                List.of(Measure.COUNT, Measure.SUM_AMOUNT, Measure.LATENCY_P95));
        assertThat(values).containsEntry("count", 10L).containsEntry("latency_p95", 20L);
        assertThat((BigDecimal) values.get("sum_amount")).isEqualByComparingTo("98800");
    }
}
