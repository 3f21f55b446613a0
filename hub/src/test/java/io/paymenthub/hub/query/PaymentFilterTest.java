package io.paymenthub.hub.query;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentFilterTest {

    @Test
    void filtersAreShortCodesOrATokenSoNoneCanCarryACardNumber() {
        PaymentFilter wrong = new PaymentFilter(null, null, "4111111111111111", "IND", "inr", "received", "4111111111111111");

        assertThat(wrong.problems()).containsExactly(
                "region: must be a region id such as 'in'",
                "country: must be an ISO 3166 alpha-2 code such as 'IN'",
                "currency: must be an ISO 4217 code such as 'INR'",
                "status: must be a status such as 'RECEIVED'",
                "token: must be a pan_token: 64 lower-case hex digits");
        assertThat(String.join(" ", wrong.problems())).doesNotContain("4111");
        assertThat(new PaymentFilter(null, null, "in", "IN", "INR", "RECEIVED", "a".repeat(64)).problems()).isEmpty();
    }

    @Test
    void theTimeRangeMustBeOrdered() {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertThat(new PaymentFilter(now, now, null, null, null, null, null).problems()).containsExactly("from: must be before to");
    }

    @Test
    void aPageIsCappedAt100RowsAndPagingStopsAt10000Rows() {
        List<String> problems = new ArrayList<>();
        PaymentQueryController.Paging paging = PaymentQueryController.Paging.of(3, 500, problems);

        assertThat(paging.size()).isEqualTo(100);
        assertThat(paging.offset()).isEqualTo(300);
        assertThat(problems).isEmpty();
        PaymentQueryController.Paging.of(100, 100, problems);
        assertThat(problems).containsExactly("page: at most 10000 rows can be paged through; narrow the filters");
    }
}
