package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Outcome of walking the audit chain. {@code headSeq}/{@code headHash} are the anchor an auditor keeps for the next
 * verification; {@code firstInvalidSeq} and {@code problem} say where and why the chain breaks; {@code anchor} is
 * the newest anchor the hub wrote outside the database, which the chain was checked against (null when none yet).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AuditVerification(boolean valid, long entries, Long headSeq, String headHash, Long firstInvalidSeq,
                                String problem, AuditAnchor anchor) {

    /** This outcome, broken for {@code why} unless it already was. */
    AuditVerification failing(String why) {
        return valid ? new AuditVerification(false, entries, headSeq, headHash, null, why, anchor) : this;
    }
}
