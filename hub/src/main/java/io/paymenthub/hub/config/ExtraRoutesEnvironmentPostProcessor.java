package io.paymenthub.hub.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Routes added as configuration: when {@code hub.routes.extra-dir} is set, the {@code *.camel.yaml} files in that
 * directory (on Kubernetes, the mounted routes ConfigMap) are loaded in addition to the built-in routes, by
 * extending {@code camel.main.routes-include-pattern}. A directory that is set but missing stops the start-up:
 * routes an operator configured must not silently not run.
 */
public final class ExtraRoutesEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String EXTRA_DIR = "hub.routes.extra-dir";
    static final String INCLUDE_PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String dir = environment.getProperty(EXTRA_DIR, "");
        if (dir.isBlank()) {
            return;
        }
        Path extra = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(extra)) {
            throw new IllegalStateException(EXTRA_DIR + " names " + extra + ", which is not a directory");
        }
        String builtIn = environment.getProperty(INCLUDE_PATTERN);
        String extraPattern = "file:" + extra + "/*.camel.yaml";
        String pattern = builtIn == null || builtIn.isBlank() ? extraPattern : builtIn + "," + extraPattern;
        environment.getPropertySources().addFirst(new MapPropertySource("hubExtraRoutes", Map.of(INCLUDE_PATTERN, pattern)));
    }
}
