package io.paymenthub.hub.access;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Body of {@code POST /api/v1/access-grants}: {@code {"scope": "pan-search", "justification": "...", "duration":
 * "PT2H"}}. A grant lasts at most {@link #MAX_DURATION} from its approval, and says why it is needed.
 */
record GrantRequest(String scope, String justification, String duration) {

    static final Duration MAX_DURATION = Duration.ofHours(8);
    static final int MIN_JUSTIFICATION = 10;
    static final int MAX_JUSTIFICATION = 500;

    /** What is wrong, one entry per field, naming it and never repeating its value; empty when acceptable. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (AccessScope.of(scope).isEmpty()) {
            problems.add("scope: must be one of " + AccessScope.ids());
        }
        String reason = justification == null ? "" : justification.strip();
        if (reason.length() < MIN_JUSTIFICATION || reason.length() > MAX_JUSTIFICATION) {
            problems.add("justification: required, " + MIN_JUSTIFICATION + " to " + MAX_JUSTIFICATION
                    + " characters saying why the access is needed (e.g. a case number)");
        }
        Duration parsed = parsedDuration();
        if (parsed == null || parsed.compareTo(Duration.ofSeconds(1)) < 0 || parsed.compareTo(MAX_DURATION) > 0) {
            problems.add("duration: must be an ISO-8601 duration from PT1S to PT8H, such as PT2H");
        }
        return problems;
    }

    AccessScope accessScope() {
        return AccessScope.of(scope).orElseThrow();
    }

    /** Whole seconds: what the grant is stored with. */
    long durationSeconds() {
        return parsedDuration().toSeconds();
    }

    private Duration parsedDuration() {
        if (duration == null) {
            return null;
        }
        try {
            Duration parsed = Duration.parse(duration);
            return parsed.getNano() == 0 ? parsed : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
