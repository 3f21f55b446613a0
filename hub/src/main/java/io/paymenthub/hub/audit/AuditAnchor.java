package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * The chain's head as the hub wrote it outside the database: row {@code seq} had {@code hash}, under audit key
 * {@code keyId} (null for a row hashed before the chain was keyed), at {@code anchoredAt}. A later verification must
 * still find that row with that hash.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditAnchor(String region, long seq, String hash, String keyId, Instant anchoredAt) {
}
