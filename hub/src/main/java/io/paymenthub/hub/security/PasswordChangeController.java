package io.paymenthub.hub.security;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/account/password}: a signed-in local user changes their own password. 204 and
 * {@code PASSWORD_CHANGED}; a broken rule 400 (problem+json naming it) and {@code REQUEST_REJECTED}; while the user
 * name or address is locked, 429. No password is ever audited or answered.
 */
@RestController
@ConditionalOnProperty(name = "hub.security.mode", havingValue = "users", matchIfMissing = true)
class PasswordChangeController {

    private static final String SHAPE = "body: must be a JSON object such as {\"current\": \"...\", \"new\": \"...\"}";

    private final PasswordChanges changes;
    private final LoginThrottle throttle;
    private final LoginAuditQuota quota;
    private final AuditLog audit;

    PasswordChangeController(PasswordChanges changes, LoginThrottle throttle, LoginAuditQuota quota, AuditLog audit) {
        this.changes = changes;
        this.throttle = throttle;
        this.quota = quota;
        this.audit = audit;
    }

    @PostMapping("/api/v1/account/password")
    ResponseEntity<ProblemDetail> change(@RequestBody PasswordChange change, Authentication caller, HttpServletRequest request) {
        LoginThrottle.Lockout lockout = throttle.lockout(caller.getName(), request.getRemoteAddr());
        if (lockout.locked()) {
            Duration locked = lockout.remaining();
            // the same audit quota as refused logins: a session hammering this door writes one row per window
            if (quota.admitThrottled(caller.getName(), request.getRemoteAddr(), lockout)) {
                audit.append(request, caller, LoginAuditQuota.THROTTLED, Outcome.DENIED, List.of(),
                        Map.of("retry_after_seconds", locked.toSeconds() + 1));
            }
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "too many failed logins");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(locked.toSeconds() + 1)).body(problem);
        }
        List<String> problems = changes.change(caller.getName(), request.getRemoteAddr(), change.current(), change.next());
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(rejected(request, caller, problems));
        }
        audit.append(request, caller, "PASSWORD_CHANGED", Outcome.SUCCESS, List.of(), Map.of());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException unreadable, HttpServletRequest request) {
        return ResponseEntity.badRequest()
                .body(rejected(request, SecurityContextHolder.getContext().getAuthentication(), List.of(SHAPE)));
    }

    private ProblemDetail rejected(HttpServletRequest request, Authentication caller, List<String> problems) {
        audit.append(request, caller, "REQUEST_REJECTED", Outcome.FAILURE, List.of(), Map.of("problems", problems));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        problem.setTitle("Password not changed");
        problem.setProperty("problems", problems);
        return problem;
    }
}
