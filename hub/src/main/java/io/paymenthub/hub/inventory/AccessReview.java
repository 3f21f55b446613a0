package io.paymenthub.hub.inventory;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.hub.security.SecurityProperties;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may do what, and who did (PCI DSS 7.2.4): the sign-in in force with the local users and their roles or the
 * identity provider's role mapping, the access grants requested in the period, and each actor's last activity in the
 * period from the audit chain. Never a password hash, a token or a key.
 */
final class AccessReview {

    static final int MAX_ROWS = 1000;

    private final JdbcTemplate jdbc;
    private final SecurityProperties security;

    AccessReview(JdbcTemplate jdbc, SecurityProperties security) {
        this.jdbc = jdbc;
        this.security = security;
    }

    Map<String, Object> review(String region, Instant from, Instant to) {
        Map<String, Object> review = new LinkedHashMap<>();
        review.put("region", region);
        review.put("from", from);
        review.put("to", to);
        review.put("sign_in", security.mode() == SecurityProperties.Mode.OIDC ? "oidc" : "local users");
        if (security.mode() == SecurityProperties.Mode.OIDC) {
            review.put("oidc", oidc());
        } else {
            review.put("local_users", localUsers());
        }
        review.put("grants", grants(from, to));
        review.put("last_activity", lastActivity(from, to));
        return review;
    }

    private Map<String, Object> oidc() {
        SecurityProperties.Oidc oidc = security.oidc();
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("issuer", oidc.issuerUri());
        described.put("audiences", oidc.audiences());
        described.put("roles_claim", oidc.rolesClaim());
        described.put("principal_claim", oidc.principalClaim());
        described.put("mfa_required", Map.of("claim", oidc.mfaClaim(), "methods", oidc.mfaMethods()));
        described.put("role_mapping", new TreeMap<>(oidc.roleMapping()));
        described.put("roles", List.of(SecurityProperties.Role.values()));
        return described;
    }

    private List<Map<String, Object>> localUsers() {
        return security.users().stream().map(user -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", user.name());
            entry.put("roles", user.roles());
            Timestamp changed = jdbc.queryForObject("select max(changed_at) from local_user_password where username = ?",
                    Timestamp.class, user.name());
            entry.put("password_changed_at", changed == null ? null : changed.toInstant());
            return entry;
        }).toList();
    }

    private List<Map<String, Object>> grants(Instant from, Instant to) {
        return jdbc.query("""
                select id, scope, holder, justification, status, requested_at, approved_by, approved_at, expires_at,
                       revoked_by, revoked_at, uses
                  from access_grant where requested_at >= ? and requested_at < ? order by requested_at limit ?""",
                (rs, row) -> {
                    Map<String, Object> grant = new LinkedHashMap<>();
                    grant.put("id", rs.getString("id"));
                    grant.put("scope", rs.getString("scope"));
                    grant.put("holder", rs.getString("holder"));
                    grant.put("justification", PanMasking.maskCardNumbers(rs.getString("justification")));
                    grant.put("status", rs.getString("status"));
                    grant.put("requested_at", instant(rs.getTimestamp("requested_at")));
                    grant.put("approved_by", rs.getString("approved_by"));
                    grant.put("approved_at", instant(rs.getTimestamp("approved_at")));
                    grant.put("expires_at", instant(rs.getTimestamp("expires_at")));
                    grant.put("revoked_by", rs.getString("revoked_by"));
                    grant.put("revoked_at", instant(rs.getTimestamp("revoked_at")));
                    grant.put("uses", rs.getInt("uses"));
                    return grant;
                }, Timestamp.from(from), Timestamp.from(to), MAX_ROWS);
    }

    private List<Map<String, Object>> lastActivity(Instant from, Instant to) {
        return jdbc.query("""
                select distinct on (actor) actor, occurred_at, action, outcome, roles,
                       count(*) over (partition by actor) as events
                  from audit_event where occurred_at >= ? and occurred_at < ?
                 order by actor, occurred_at desc limit ?""",
                (rs, row) -> {
                    Map<String, Object> actor = new LinkedHashMap<>();
                    actor.put("actor", rs.getString("actor"));
                    actor.put("roles", rs.getString("roles"));
                    actor.put("last_at", instant(rs.getTimestamp("occurred_at")));
                    actor.put("last_action", rs.getString("action"));
                    actor.put("last_outcome", rs.getString("outcome"));
                    actor.put("events", rs.getLong("events"));
                    return actor;
                }, Timestamp.from(from), Timestamp.from(to), MAX_ROWS);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
