package io.paymenthub.hub.query;

import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.List;
import java.util.Map;

/**
 * Bad input to the API is answered 400 (problem+json) naming the field, and audited. Spring's own messages would
 * quote the offending value — which may be a card number typed in the wrong place — in the answer and in the
 * log; these answers never repeat a value.
 */
@RestControllerAdvice
class RejectedRequests {

    private final AuditLog audit;

    RejectedRequests(AuditLog audit) {
        this.audit = audit;
    }

    @ExceptionHandler(InvalidQuery.class)
    ProblemDetail invalid(InvalidQuery invalid, HttpServletRequest request) {
        return rejected(request, invalid.problems());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mistyped(MethodArgumentTypeMismatchException mistyped, HttpServletRequest request) {
        return rejected(request, List.of(mistyped.getName() + ": not a valid "
                + (mistyped.getRequiredType() == null ? "value" : mistyped.getRequiredType().getSimpleName())));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException missing, HttpServletRequest request) {
        return rejected(request, List.of(missing.getParameterName() + ": required"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException unreadable, HttpServletRequest request) {
        return rejected(request, List.of("body: must be a JSON object such as {\"pan\": \"<12 to 19 digits>\"}"));
    }

    /** Only JSON is served: asking for CSV or a spreadsheet gets 406, with nothing in it. */
    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    org.springframework.http.ResponseEntity<Void> notAcceptable() {
        return org.springframework.http.ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).build();
    }

    private ProblemDetail rejected(HttpServletRequest request, List<String> problems) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        audit.append(request, caller, "REQUEST_REJECTED", Outcome.FAILURE, List.of(), Map.of("problems", problems));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", problems));
        problem.setTitle("Invalid request");
        problem.setProperty("problems", problems);
        return problem;
    }
}
