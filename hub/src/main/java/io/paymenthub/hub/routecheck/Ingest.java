package io.paymenthub.hub.routecheck;

/** The names every source route relies on: the one ingest entry and the shared error handling. */
final class Ingest {

    /** The one path every source ends in: detect, parse, scrub, mask, decide residency, deliver. */
    static final String ENTRY = "direct:ingest";
    /** The route configuration that dead-letters rejected messages (routes/error-handling.camel.yaml). */
    static final String ERROR_HANDLING = "error-handling";

    private Ingest() {
    }
}
