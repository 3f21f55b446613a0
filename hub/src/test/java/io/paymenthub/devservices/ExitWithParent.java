package io.paymenthub.devservices;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM and ends that JVM when its parent process ends, so a
 * killed test JVM leaves no server behind. Usage: {@code ExitWithParent <main class> <args...>}.
 * Uses the JDK only: it is copied on its own next to the server's jar.
 */
public final class ExitWithParent {

    private ExitWithParent() {
    }

    public static void main(String[] args) throws Exception {
        ProcessHandle.current().parent().ifPresent(parent ->
                parent.onExit().thenRun(() -> System.exit(0)));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
