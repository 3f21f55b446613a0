package io.paymenthub.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every failed login (password or token) is counted ({@link LoginFailures}), audited and counted by the
 * {@link LoginThrottle} (PCI DSS 10.2.1.4, 8.3.4) — one by one up to the address's limit per window, then as a count in one summary row
 * ({@link LoginAuditQuota}); an interactive login is audited too. A successful login clears its user name's failures.
 */
final class AuthenticationAudit {

    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final LoginAuditQuota quota;
    private final LoginFailures failures;
    private final ObjectMapper json;

    AuthenticationAudit(AuditLog audit, LoginThrottle throttle, LoginAuditQuota quota, LoginFailures failures, ObjectMapper json) {
        this.audit = audit;
        this.throttle = throttle;
        this.quota = quota;
        this.failures = failures;
        this.json = json;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        HttpServletRequest request = currentRequest();
        String address = request == null ? null : request.getRemoteAddr();
        Authentication attempt = event.getAuthentication();
        failures.failed();
        Map<String, Object> detail = new LinkedHashMap<>();
        String actor;
        if (attempt instanceof BearerTokenAuthenticationToken bearer) {
            actor = "bearer-token";
            String subject = claimedSubject(bearer.getToken());
            if (subject != null) {
                detail.put("claimed_subject", subject); // read from the refused token: not verified
            }
            throttle.failed(null, address);
        } else {
            actor = LoginAttempts.safe(String.valueOf(attempt.getName()));
            throttle.failed(actor, address);
        }
        if (!quota.admitFailure(address)) {
            return; // counted into the address's summary row for this window
        }
        detail.put("reason", reason(event.getException()));
        audit.append(new AuditRecord(actor, "", "LOGIN_FAILURE",
                request == null ? "" : request.getMethod() + " " + request.getRequestURI(), Outcome.FAILURE,
                address, List.of(), detail));
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        throttle.succeeded(event.getAuthentication().getName());
    }

    @EventListener
    void loggedIn(InteractiveAuthenticationSuccessEvent event) {
        HttpServletRequest request = currentRequest();
        if (request != null) {
            audit.append(request, event.getAuthentication(), "LOGIN_SUCCESS", Outcome.SUCCESS, List.of(), Map.of());
        }
    }

    private static String reason(Exception failure) {
        if (failure instanceof OAuth2AuthenticationException oauth && oauth.getError().getDescription() != null) {
            String description = oauth.getError().getDescription();
            return description.length() > 200 ? description.substring(0, 200) : description;
        }
        return failure.getClass().getSimpleName();
    }

    /** The {@code sub} a refused JWT claims, read without trusting it; null when it is not a JWT. */
    private String claimedSubject(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String subject = claims.path("sub").asText(null);
            return subject == null ? null : LoginAttempts.safe(subject);
        } catch (Exception e) {
            return null;
        }
    }

    private static HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
