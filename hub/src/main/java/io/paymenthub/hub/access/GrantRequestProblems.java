package io.paymenthub.hub.access;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/** A grant request that is not JSON is told what a grant request looks like (the query API's advice speaks of PANs). */
@RestControllerAdvice(assignableTypes = AccessGrantController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class GrantRequestProblems {

    private static final String SHAPE = "body: must be a JSON object such as "
            + "{\"scope\": \"pan-search\", \"justification\": \"case 4711: disputed payment\", \"duration\": \"PT2H\"}";

    private final AuditLog audit;

    GrantRequestProblems(AuditLog audit) {
        this.audit = audit;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException unreadable, HttpServletRequest request) {
        audit.append(request, SecurityContextHolder.getContext().getAuthentication(), "REQUEST_REJECTED", Outcome.FAILURE,
                List.of(), Map.of("problems", List.of(SHAPE)));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, SHAPE);
        problem.setTitle("Invalid request");
        problem.setProperty("problems", List.of(SHAPE));
        return problem;
    }
}
