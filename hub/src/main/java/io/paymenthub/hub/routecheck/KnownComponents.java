package io.paymenthub.hub.routecheck;

/**
 * The Camel components the hub carries: those whose descriptor
 * ({@code META-INF/services/org/apache/camel/component/<name>}) is on the classpath, as Camel itself finds them.
 */
final class KnownComponents {

    private static final String DESCRIPTORS = "META-INF/services/org/apache/camel/component/";

    private final ClassLoader classLoader;

    KnownComponents(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    boolean contains(String component) {
        return classLoader.getResource(DESCRIPTORS + component) != null;
    }
}
