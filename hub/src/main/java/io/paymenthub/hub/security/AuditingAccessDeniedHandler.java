package io.paymenthub.hub.security;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** A signed-in user reaching outside their role (403) is an invalid access attempt: audited (PCI DSS 10.2.1.4). */
final class AuditingAccessDeniedHandler implements AccessDeniedHandler {

    private final AuditLog audit;
    private final AccessDeniedHandler delegate;

    AuditingAccessDeniedHandler(AuditLog audit, AccessDeniedHandler delegate) {
        this.audit = audit;
        this.delegate = delegate;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        audit.append(request, SecurityContextHolder.getContext().getAuthentication(), "ACCESS_DENIED", Outcome.DENIED,
                List.of(), Map.of("reason", denied.getClass().getSimpleName()));
        delegate.handle(request, response, denied);
    }
}
