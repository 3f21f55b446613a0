package io.paymenthub.hub.access;

import org.springframework.http.HttpStatus;

import java.util.List;

/** A refused grant operation or a refused use, answered as problem+json; its text never carries a value given. */
final class AccessProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<String> problems;

    private AccessProblem(HttpStatus status, String title, String detail, List<String> problems) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.problems = List.copyOf(problems);
    }

    static AccessProblem grantRequired(AccessScope scope) {
        return new AccessProblem(HttpStatus.FORBIDDEN, "Access grant required",
                "needs a live access grant of scope '" + scope.id() + "'", List.of());
    }

    static AccessProblem grantSpent(AccessScope scope, int uses) {
        return new AccessProblem(HttpStatus.FORBIDDEN, "Access grant required",
                "the '" + scope.id() + "' grant was spent (" + uses + (uses == 1 ? " use" : " uses")
                        + " per grant): a new one needs a new approval", List.of());
    }

    static AccessProblem forbidden(String detail) {
        return new AccessProblem(HttpStatus.FORBIDDEN, "Access refused", detail, List.of());
    }

    static AccessProblem budgetExceeded(String detail) {
        return new AccessProblem(HttpStatus.TOO_MANY_REQUESTS, "PAN-search budget exceeded", detail, List.of());
    }

    static AccessProblem invalid(List<String> problems) {
        return new AccessProblem(HttpStatus.BAD_REQUEST, "Invalid request", String.join("; ", problems), problems);
    }

    static AccessProblem notFound() {
        return new AccessProblem(HttpStatus.NOT_FOUND, "No such access grant", "no access grant with this id", List.of());
    }

    static AccessProblem conflict(String detail) {
        return new AccessProblem(HttpStatus.CONFLICT, "Access grant not changed", detail, List.of());
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }

    List<String> problems() {
        return problems;
    }
}
