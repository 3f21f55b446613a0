package io.paymenthub.hub.retention;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPropertiesTest {

    private static RetentionProperties withRegions(Period audit, Map<String, Map<String, Period>> regions) {
        return new RetentionProperties(Duration.ofHours(1), 5000, Duration.ofMillis(20), Period.ofYears(5), Period.ofYears(5),
                Period.ofDays(30), Period.ofMonths(13), Period.ofYears(5), Period.ofDays(30), audit, regions);
    }

    @Test
    void aRegionsOwnPeriodReplacesTheDefaultThereOnly() {
        RetentionProperties retention = withRegions(Period.ofMonths(12), Map.of("in", Map.of("payments", Period.ofYears(10))));
        assertThat(retention.periods("in").get(RetainedStore.PAYMENTS)).isEqualTo(Period.ofYears(10));
        assertThat(retention.periods("sg").get(RetainedStore.PAYMENTS)).isEqualTo(Period.ofYears(5));
        assertThat(retention.problems("in")).isEmpty();
    }

    @Test
    void anAuditPeriodUnderTwelveMonthsIsRefusedNamingItsProperty() {
        assertThat(withRegions(Period.ofMonths(6), Map.of()).problems("in"))
                .containsExactly("hub.retention.audit-events: audit events are kept at least P12M, not P6M");
        assertThat(withRegions(Period.ofMonths(12), Map.of("in", Map.of("audit-events", Period.ofDays(90)))).problems("in"))
                .containsExactly("hub.retention.regions.in.audit-events: audit events are kept at least P12M, not P90D");
        assertThat(withRegions(Period.ofYears(1), Map.of()).problems("in")).isEmpty();
    }

    @Test
    void aStoreTheHubDoesNotKeepAndANonPositivePeriodAreRefused() {
        RetentionProperties retention = withRegions(Period.ofMonths(12),
                Map.of("in", Map.of("paymnets", Period.ofYears(1), "pending-statuses", Period.ZERO)));
        assertThat(retention.problems("in")).containsExactlyInAnyOrder(
                "hub.retention.regions.in.paymnets: not a store the hub keeps",
                "hub.retention.regions.in.pending-statuses: must be a positive period, not P0D");
    }

    @Test
    void paymentsArePurgedByWholeHoursSoTheirRollupGoesWithThem() {
        Instant now = Instant.parse("2026-12-04T19:42:10Z");
        assertThat(RetainedStore.PAYMENTS.cutoff(now, Period.ofYears(5))).isEqualTo(Instant.parse("2021-12-04T19:00:00Z"));
        assertThat(RetainedStore.PENDING_STATUSES.cutoff(now, Period.ofDays(30))).isEqualTo(Instant.parse("2026-11-04T19:42:10Z"));
    }
}
