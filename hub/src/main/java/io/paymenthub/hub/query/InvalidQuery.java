package io.paymenthub.hub.query;

import java.util.List;

/** A query the hub refuses; the problems name the fields, never their values. */
final class InvalidQuery extends RuntimeException {

    private final List<String> problems;

    InvalidQuery(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
