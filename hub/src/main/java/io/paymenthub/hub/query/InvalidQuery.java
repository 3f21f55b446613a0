package io.paymenthub.hub.query;

import java.util.List;

/** A query the hub refuses; the problems name the fields, never their values. */
public final class InvalidQuery extends RuntimeException {

    private final List<String> problems;

    public InvalidQuery(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
