package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code audit_event}, as stored: {@code hash} chains it to the row before ({@code prevHash}), under the
 * audit key {@code keyId} (null for rows hashed with plain SHA-256 before the chain was keyed).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditEntry(long seq, Instant occurredAt, String actor, String roles, String action, String target,
                         String outcome, String sourceIp, List<String> records, String detail,
                         String prevHash, String hash, String keyId) {
}
