package io.paymenthub.iso8583;

import java.net.MalformedURLException;
import java.nio.file.Path;

/** The shipped dialect files, read from the repository's config/ directory as the hub reads them. */
public final class Dialects {

    private Dialects() {
    }

    public static Iso8583Dialect ascii1987() {
        try {
            return new Iso8583Dialect(Path.of("config", "iso8583", "iso87-ascii.xml").toUri().toURL(), false);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
