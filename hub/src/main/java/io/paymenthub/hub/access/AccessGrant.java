package io.paymenthub.hub.access;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.UUID;

/**
 * One grant as the API shows it. {@code status}: {@code PENDING} (awaiting another user's approval), {@code APPROVED}
 * (live until {@code expires_at}), {@code REVOKED}, {@code EXPIRED} — the last by time, whether or not the expiry
 * has been recorded yet.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AccessGrant(UUID id, String scope, String holder, String justification, String duration, String status,
                   Instant requestedAt, String approvedBy, Instant approvedAt, Instant expiresAt, String revokedBy,
                   Instant revokedAt, String revokeReason, int uses) {

    boolean pending() {
        return status.equals("PENDING");
    }
}
