package io.paymenthub.hub.config;

import io.paymenthub.hub.routecheck.Finding;
import io.paymenthub.hub.routecheck.RouteCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Routes added as configuration: when {@code hub.routes.extra-dir} is set, the {@code *.camel.yaml} files in that
 * directory (on Kubernetes, the mounted routes ConfigMap) are loaded in addition to the built-in routes, by
 * extending {@code camel.main.routes-include-pattern}. They pass the route check first (RouteCheck: each feed ends in
 * direct:ingest, known templates and components, no duplicate ids); a refused file, or a directory that is set but
 * missing, stops the start-up: routes an operator configured must not silently not run, nor run past masking.
 */
public final class ExtraRoutesEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String EXTRA_DIR = "hub.routes.extra-dir";
    static final String INCLUDE_PATTERN = "camel.main.routes-include-pattern";
    private static final Pattern FILE_PATTERN = Pattern.compile("file:(.+)/\\*\\.camel\\.yaml");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        // the same record HubProperties binds, read before the context exists: the include pattern must be set first
        String dir = Binder.get(environment).bind("hub.routes", HubProperties.Routes.class)
                .map(HubProperties.Routes::extraDir).orElse("");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path extra = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(extra)) {
            throw new IllegalStateException(EXTRA_DIR + " names " + extra + ", which is not a directory");
        }
        String builtIn = environment.getProperty(INCLUDE_PATTERN);
        List<Finding> findings = RouteCheck.check(builtInFiles(builtIn), RouteCheck.routeFiles(extra));
        if (!findings.isEmpty()) {
            throw new IllegalStateException("route files in " + EXTRA_DIR + " refused by the route check:\n"
                    + findings.stream().map(Finding::toString).collect(Collectors.joining("\n")));
        }
        String extraPattern = "file:" + extra + "/*.camel.yaml";
        String pattern = builtIn == null || builtIn.isBlank() ? extraPattern : builtIn + "," + extraPattern;
        environment.getPropertySources().addFirst(new MapPropertySource("hubExtraRoutes", Map.of(INCLUDE_PATTERN, pattern)));
    }

    /** The files the built-in include pattern names ({@code file:<dir>/*.camel.yaml} entries). */
    private static List<Path> builtInFiles(String includePattern) {
        List<Path> files = new ArrayList<>();
        for (String entry : includePattern == null ? new String[0] : includePattern.split(",")) {
            Matcher matcher = FILE_PATTERN.matcher(entry.strip());
            if (matcher.matches()) {
                files.addAll(RouteCheck.routeFiles(Path.of(matcher.group(1))));
            }
        }
        return files;
    }
}
