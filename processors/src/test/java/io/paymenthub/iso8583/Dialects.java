package io.paymenthub.iso8583;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The shipped dialect files, read from the repository's config/ directory as the hub reads them. */
public final class Dialects {

    static final Path ASCII_1987 = Path.of("config", "iso8583", "iso87-ascii.xml");

    private Dialects() {
    }

    public static Iso8583Dialect ascii1987() {
        try {
            return new Iso8583Dialect(ASCII_1987.toUri().toURL(), false);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bank's dialect: the shipped file as {@code edit} changes it, written to a file of its own. */
    static Iso8583Dialect ascii1987Edited(UnaryOperator<String> edit) {
        try {
            String edited = edit.apply(Files.readString(ASCII_1987));
            Path file = Files.createTempFile("dialect", ".xml");
            Files.writeString(file, edited);
            file.toFile().deleteOnExit();
            return new Iso8583Dialect(file.toUri().toURL(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
