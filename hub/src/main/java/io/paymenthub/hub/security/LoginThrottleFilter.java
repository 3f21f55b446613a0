package io.paymenthub.hub.security;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Refuses a login attempt, before any password is checked, while its user name or client address is locked:
 * 429 with Retry-After, and an audit row {@code LOGIN_THROTTLED}.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final AuditLog audit;

    LoginThrottleFilter(LoginThrottle throttle, AuditLog audit) {
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (LoginAttempts.carriesCredentials(request)) {
            String username = LoginAttempts.username(request);
            Duration locked = throttle.lockedFor(username, request.getRemoteAddr());
            if (!locked.isZero()) {
                audit.append(new AuditRecord(username == null ? "bearer-token" : username, "", "LOGIN_THROTTLED",
                        request.getMethod() + " " + request.getRequestURI(), AuditRecord.Outcome.DENIED,
                        request.getRemoteAddr(), List.of(), Map.of("retry_after_seconds", locked.toSeconds() + 1)));
                response.setHeader("Retry-After", Long.toString(locked.toSeconds() + 1));
                response.sendError(429, "Too many failed logins");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
