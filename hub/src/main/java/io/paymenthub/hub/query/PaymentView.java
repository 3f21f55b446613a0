package io.paymenthub.hub.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.Map;

/** What an analyst sees of a payment: protected card data only ({@code pan_masked}, {@code pan_token}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PaymentView(String messageId, String source, String format, String messageType, String originCountry,
                          String region, String residencyField, Long amountMinor, String currency, String panMasked,
                          String panToken, String panKeyId, Map<String, Object> references, String originalMessageId,
                          Instant receivedAt, Instant storedAt, String status) {
}
