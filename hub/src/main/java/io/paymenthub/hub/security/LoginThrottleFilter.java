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
 * 429 with Retry-After, counted as a {@code throttled} login failure ({@link LoginFailures}), and an audit row
 * {@code LOGIN_THROTTLED} — or, past the first of its lock's window, a count in that window's summary row
 * ({@link LoginAuditQuota}).
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final LoginAuditQuota quota;
    private final AuditLog audit;
    private final LoginFailures failures;

    LoginThrottleFilter(LoginThrottle throttle, LoginAuditQuota quota, AuditLog audit, LoginFailures failures) {
        this.throttle = throttle;
        this.quota = quota;
        this.audit = audit;
        this.failures = failures;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (LoginAttempts.carriesCredentials(request)) {
            String username = LoginAttempts.username(request);
            LoginThrottle.Lockout lockout = throttle.lockout(username, request.getRemoteAddr());
            if (lockout.locked()) {
                failures.throttled();
                Duration locked = lockout.remaining();
                if (quota.admitThrottled(username, request.getRemoteAddr(), lockout)) {
                    audit.append(new AuditRecord(username == null ? "bearer-token" : username, "", LoginAuditQuota.THROTTLED,
                            request.getMethod() + " " + request.getRequestURI(), AuditRecord.Outcome.DENIED,
                            request.getRemoteAddr(), List.of(), Map.of("retry_after_seconds", locked.toSeconds() + 1,
                            "locked", lockout.byAddress() ? "address" : "user name")));
                }
                response.setHeader("Retry-After", Long.toString(locked.toSeconds() + 1));
                response.sendError(429, "Too many failed logins");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
