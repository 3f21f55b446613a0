package io.paymenthub.hub.access;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused grant operations and uses, wherever they are thrown: problem+json; each was audited where it was refused. */
@RestControllerAdvice
class AccessProblems {

    @ExceptionHandler(AccessProblem.class)
    ResponseEntity<ProblemDetail> refused(AccessProblem refused) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refused.status(), refused.getMessage());
        problem.setTitle(refused.title());
        if (!refused.problems().isEmpty()) {
            problem.setProperty("problems", refused.problems());
        }
        return ResponseEntity.status(refused.status()).body(problem);
    }
}
