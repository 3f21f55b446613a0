package io.paymenthub.hub.routecheck;

import java.nio.file.Path;

/** One thing wrong with a route file, where it is: printed as {@code file:line: reason}. */
public record Finding(Path file, int line, String reason) {

    @Override
    public String toString() {
        return RouteFile.display(file) + ":" + line + ": " + reason;
    }
}
