package io.paymenthub.hub.access;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord;
import io.paymenthub.hub.audit.AuditRecord.Outcome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code ACCESS_GRANT_EXPIRED} for each grant whose time has run out: on the scheduled sweep, and whenever a
 * caller is refused for want of a live grant or lists grants, so the trail shows the expiry before the refusal.
 * A grant stops working at {@code expires_at} whether or not this has run: every check compares the time.
 */
final class GrantExpiry implements Runnable {

    private final AccessGrants grants;
    private final AuditLog audit;

    GrantExpiry(AccessGrants grants, AuditLog audit) {
        this.grants = grants;
        this.audit = audit;
    }

    /** The scheduled sweep: records expiries and drops uses older than the rate window. */
    @Override
    public void run() {
        recordExpired();
        grants.pruneUses();
    }

    void recordExpired() {
        for (AccessGrant grant : grants.expireDue()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("grant_id", grant.id().toString());
            detail.put("holder", grant.holder());
            detail.put("scope", grant.scope());
            detail.put("expires_at", grant.expiresAt().toString());
            detail.put("uses", grant.uses());
            audit.append(new AuditRecord(AuditRecord.HUB, "", "ACCESS_GRANT_EXPIRED", "access-grant " + grant.id(), Outcome.SUCCESS,
                    "", List.of(), detail));
        }
    }
}
