package io.paymenthub.hub.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** One page of payments; {@code has_more} tells whether the next page has any. No totals, no export. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PaymentPage(int page, int size, boolean hasMore, List<PaymentView> items) {
}
