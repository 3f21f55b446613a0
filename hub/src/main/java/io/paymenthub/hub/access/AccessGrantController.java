package io.paymenthub.hub.access;

import io.paymenthub.carddata.LogMasking;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import io.paymenthub.hub.security.SecurityProperties.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Time-limited access grants (PCI DSS 7.2, docs/security.md "Access grants and PAN-search budgets"): the user who
 * needs one asks with a justification, another user with role {@code approver} approves, the holder or an approver
 * revokes, time ends it. Every change is on the audit trail.
 */
@RestController
@RequestMapping(path = "/api/v1/access-grants", produces = MediaType.APPLICATION_JSON_VALUE)
class AccessGrantController {

    private static final int LISTED = 200;

    private final AccessGrants grants;
    private final GrantExpiry expiry;
    private final AuditLog audit;

    AccessGrantController(AccessGrants grants, GrantExpiry expiry, AuditLog audit) {
        this.grants = grants;
        this.expiry = expiry;
        this.audit = audit;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AccessGrant> request(@RequestBody GrantRequest body, HttpServletRequest request, Authentication caller) {
        List<String> problems = body.problems();
        if (!problems.isEmpty()) {
            audit.append(request, caller, "REQUEST_REJECTED", Outcome.FAILURE, List.of(), Map.of("problems", problems));
            throw AccessProblem.invalid(problems);
        }
        AccessScope scope = body.accessScope();
        if (!holds(caller, scope.role())) {
            throw refused(request, caller, null, "scope '" + scope.id() + "' is for role " + role(scope.role()));
        }
        // a card number typed into the justification is truncated like any other
        String justification = clip(LogMasking.mask(body.justification().strip()));
        AccessGrant grant = grants.request(caller.getName(), scope, justification, body.durationSeconds());
        audited(request, caller, "ACCESS_GRANT_REQUESTED", grant);
        return ResponseEntity.created(URI.create("/api/v1/access-grants/" + grant.id()))
                .cacheControl(CacheControl.noStore()).body(grant);
    }

    /** The caller's own grants and, for an approver, the pending requests of others. */
    @GetMapping
    ResponseEntity<Map<String, List<AccessGrant>>> list(Authentication caller) {
        expiry.recordExpired();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(Map.of("items", grants.visibleTo(caller.getName(), holds(caller, Role.APPROVER), LISTED)));
    }

    /** One grant, to its holder and to approvers; to anyone else it does not exist. */
    @GetMapping("/{id}")
    ResponseEntity<AccessGrant> one(@PathVariable UUID id, Authentication caller) {
        expiry.recordExpired();
        AccessGrant grant = grants.find(id)
                .filter(found -> found.holder().equals(caller.getName()) || holds(caller, Role.APPROVER))
                .orElseThrow(AccessProblem::notFound);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(grant);
    }

    /** Role {@code approver} (the security rules), and never the grant's own holder: four eyes. */
    @PostMapping("/{id}/approve")
    AccessGrant approve(@PathVariable UUID id, HttpServletRequest request, Authentication caller) {
        AccessGrant grant = grants.find(id).orElseThrow(AccessProblem::notFound);
        if (grant.holder().equals(caller.getName())) {
            throw refused(request, caller, grant, "a grant cannot be approved by the user who requested it");
        }
        AccessGrant approved = grants.approve(id, caller.getName())
                .orElseThrow(() -> AccessProblem.conflict("the grant is " + grants.find(id).orElseThrow().status()
                        + ", not PENDING"));
        audited(request, caller, "ACCESS_GRANT_APPROVED", approved);
        return approved;
    }

    @PostMapping("/{id}/revoke")
    AccessGrant revoke(@PathVariable UUID id, HttpServletRequest request, Authentication caller) {
        AccessGrant grant = grants.find(id).orElseThrow(AccessProblem::notFound);
        boolean holder = grant.holder().equals(caller.getName());
        if (!holder && !holds(caller, Role.APPROVER)) {
            throw refused(request, caller, grant, "only the holder or an approver may revoke a grant");
        }
        AccessGrant revoked = grants.revoke(id, caller.getName(), holder ? "revoked by its holder" : "revoked by an approver")
                .orElseThrow(() -> AccessProblem.conflict("the grant is " + grant.status() + " already"));
        audited(request, caller, "ACCESS_GRANT_REVOKED", revoked);
        return revoked;
    }

    private AccessProblem refused(HttpServletRequest request, Authentication caller, AccessGrant grant, String reason) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("reason", reason);
        if (grant != null) {
            detail.put("grant_id", grant.id().toString());
        }
        audit.append(request, caller, "ACCESS_DENIED", Outcome.DENIED, List.of(), detail);
        return AccessProblem.forbidden(reason);
    }

    private void audited(HttpServletRequest request, Authentication caller, String action, AccessGrant grant) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("grant_id", grant.id().toString());
        detail.put("holder", grant.holder());
        detail.put("scope", grant.scope());
        detail.put("duration", grant.duration());
        detail.put("justification", grant.justification());
        if (grant.expiresAt() != null) {
            detail.put("expires_at", grant.expiresAt().toString());
        }
        audit.append(request, caller, action, Outcome.SUCCESS, List.of(), detail);
    }

    private static boolean holds(Authentication caller, Role role) {
        return caller.getAuthorities().stream().anyMatch(authority -> authority.getAuthority().equals("ROLE_" + role.name()));
    }

    private static String role(Role role) {
        return role.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String clip(String text) {
        return text.length() <= GrantRequest.MAX_JUSTIFICATION ? text : text.substring(0, GrantRequest.MAX_JUSTIFICATION);
    }
}
