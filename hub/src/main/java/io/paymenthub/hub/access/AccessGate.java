package io.paymenthub.hub.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.access.AccessGrants.Use;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import io.paymenthub.hub.metrics.HubMeters;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What stands before the endpoints that need a grant (PCI DSS 7.2): the caller must hold a live (approved, unexpired,
 * unrevoked) grant of the endpoint's scope, and each use is counted and audited. PAN searches are also budgeted:
 * past {@code max-per-grant} searches of one grant or {@code max-per-minute} of one user, the search is refused
 * (429), the grant revoked, and a security alert raised.
 */
public final class AccessGate {

    static final String ALERT_KIND = "pan_search_budget_exceeded";

    private final AccessGrants grants;
    private final GrantExpiry expiry;
    private final AuditLog audit;
    private final AccessProperties.PanSearch budget;
    private final Counter budgetAlerts;

    AccessGate(AccessGrants grants, GrantExpiry expiry, AuditLog audit, AccessProperties.PanSearch budget, MeterRegistry meters) {
        this.grants = grants;
        this.expiry = expiry;
        this.audit = audit;
        this.budget = budget;
        this.budgetAlerts = Counter.builder(HubMeters.SECURITY_ALERTS)
                .description("Security alerts raised by the hub, by kind")
                .tag("kind", ALERT_KIND)
                .register(meters);
    }

    /** Spends one search of the caller's pan-search budget; answers the grant used, for the search's audit row. */
    public UUID spendPanSearch(HttpServletRequest request, Authentication caller) {
        return use(request, caller, AccessScope.PAN_SEARCH, budget.maxPerGrant(), budget.maxPerMinute());
    }

    /**
     * Spends the caller's live {@code key-destroy} grant: one grant opens one destruction, so each destroyed key has
     * its own request and its own approval by a second person.
     */
    public UUID spendKeyDestroy(HttpServletRequest request, Authentication caller) {
        return use(request, caller, AccessScope.KEY_DESTROY, 1, Integer.MAX_VALUE);
    }

    /** Counts one use of the caller's live grant of {@code scope}, which has no budget beyond its time. */
    public UUID use(HttpServletRequest request, Authentication caller, AccessScope scope) {
        return use(request, caller, scope, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    private UUID use(HttpServletRequest request, Authentication caller, AccessScope scope, int maxPerGrant, int maxPerMinute) {
        Use use = grants.use(caller.getName(), scope, maxPerGrant, maxPerMinute);
        return switch (use.result()) {
            case ALLOWED -> {
                audit.append(request, caller, "ACCESS_GRANT_USED", Outcome.SUCCESS, List.of(), detail(use.grant(), scope,
                        "uses", use.uses()));
                yield use.grant();
            }
            case NO_GRANT -> throw grantRequired(request, caller, scope, AccessProblem.grantRequired(scope));
            case GRANT_SPENT -> throw scope == AccessScope.PAN_SEARCH
                    ? budgetExceeded(request, caller, use, "per-grant", "at most " + maxPerGrant + " searches per grant")
                    : grantRequired(request, caller, scope, AccessProblem.grantSpent(scope, maxPerGrant));
            case RATE_EXCEEDED -> throw budgetExceeded(request, caller, use, "per-minute", "at most " + maxPerMinute
                    + " searches a minute");
        };
    }

    private AccessProblem grantRequired(HttpServletRequest request, Authentication caller, AccessScope scope,
                                        AccessProblem refused) {
        expiry.recordExpired();
        audit.append(request, caller, "ACCESS_DENIED", Outcome.DENIED, List.of(), Map.of("reason", refused.getMessage(),
                "scope", scope.id()));
        return refused;
    }

    private AccessProblem budgetExceeded(HttpServletRequest request, Authentication caller, Use use, String limit,
                                         String rule) {
        audit.append(request, caller, "PAN_SEARCH_BUDGET_EXCEEDED", Outcome.DENIED, List.of(),
                detail(use.grant(), AccessScope.PAN_SEARCH, "limit", limit));
        budgetAlerts.increment();
        String reason = "pan-search budget exceeded: " + rule;
        // parallel searches may all overspend; the one whose revocation lands records it
        grants.revoke(use.grant(), AuditRecord.HUB, reason).ifPresent(revoked -> audit.append(request, caller,
                "ACCESS_GRANT_REVOKED", Outcome.SUCCESS, List.of(), detail(revoked.id(), AccessScope.PAN_SEARCH,
                        "reason", reason)));
        return AccessProblem.budgetExceeded(reason + "; the grant is revoked, a new one needs a new approval");
    }

    private static Map<String, Object> detail(UUID grant, AccessScope scope, String key, Object value) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("grant_id", grant.toString());
        detail.put("scope", scope.id());
        detail.put(key, value);
        return detail;
    }
}
