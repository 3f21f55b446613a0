package io.paymenthub.hub.routecheck;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks route files before the hub runs them: the hub's own (routes/ and routes/templates/) and the feeds that
 * integration engineers add as configuration. Each problem is reported as {@code file:line: reason}: YAML that does not
 * parse, an unknown component, a template that does not exist or a required template parameter left out, a secret
 * written in clear, a feed that does not end in {@code direct:ingest} or sends past it (to the hub's later steps, a
 * datastore, a dynamic endpoint), and a duplicate id, also against the built-in routes.
 * <pre>
 * java -cp hub/target/payment-hub.jar -Dloader.main=io.paymenthub.hub.routecheck.RouteCheck \
 *     org.springframework.boot.loader.launch.PropertiesLauncher [--built-in routes] &lt;directory or file&gt;...
 * </pre>
 * Run from the directory holding routes/ (the repository, or /app in the image). The hub runs the same check on
 * {@code hub.routes.extra-dir} at start-up and refuses to start on any finding.
 */
public final class RouteCheck {

    /** The hub's own route files, as {@code camel.main.routes-include-pattern} loads them. */
    public static List<Path> builtInFiles(Path routesDir) {
        List<Path> files = new ArrayList<>(routeFiles(routesDir));
        files.addAll(routeFiles(routesDir.resolve("templates")));
        return files;
    }

    /** The {@code *.camel.yaml} files of a directory, as the hub loads them (not its subdirectories). */
    public static List<Path> routeFiles(Path dir) {
        return yamlFiles(dir).stream().filter(file -> file.getFileName().toString().endsWith(".camel.yaml")).toList();
    }

    /** Checks the feeds against the hub's own files, and those files themselves. */
    public static List<Finding> check(List<Path> builtIn, List<Path> feeds) {
        List<Finding> findings = new ArrayList<>();
        List<RouteFile> files = new ArrayList<>();
        for (Path path : builtIn) {
            RouteFile.read(path, true, findings).ifPresent(files::add);
        }
        for (Path path : feeds) {
            if (!path.getFileName().toString().endsWith(".camel.yaml")) {
                findings.add(new Finding(path, 1, "the hub loads only *.camel.yaml files: name it <stage>-<source>-<message>.camel.yaml"));
            }
            RouteFile.read(path, false, findings).ifPresent(files::add);
        }
        RouteTemplates templates = RouteTemplates.of(files);
        FeedRules feedRules = new FeedRules(hubEndpoints(files));
        KnownComponents components = new KnownComponents(RouteCheck.class.getClassLoader());
        RouteIds.check(files, findings);
        for (RouteFile file : files) {
            for (RouteFile.Entry entry : file.entries()) {
                if (file.builtIn() && entry.kind().equals("routeTemplate")) {
                    TemplateRules.check(file, entry, findings);
                }
                if (entry.kind().equals("templatedRoute")) {
                    TemplatedRouteRules.check(file, entry, templates, findings);
                }
                if (!file.builtIn()) {
                    feedRules.check(file, entry, findings);
                }
                for (Endpoints.Endpoint endpoint : Endpoints.in(entry.body())) {
                    endpoint.component().filter(component -> !components.contains(component)).ifPresent(component ->
                            findings.add(file.finding(endpoint.node(), "unknown component " + component + " in " + endpoint.uri()
                                    + ": the hub has no such Camel component")));
                }
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> RouteFile.display(f.file())).thenComparingInt(Finding::line));
        return findings;
    }

    /** The direct endpoints the hub's own routes consume (direct:ingest and every step after it), by route id. */
    private static Map<String, String> hubEndpoints(List<RouteFile> files) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        for (RouteFile file : files) {
            for (RouteFile.Entry entry : file.builtIn() ? file.entries() : List.<RouteFile.Entry>of()) {
                if (entry.kind().equals("route")) {
                    YamlNodes.get(entry.body(), "from").flatMap(from -> YamlNodes.getScalar(from, "uri"))
                            .filter(uri -> uri.startsWith("direct:") || uri.startsWith("seda:"))
                            .ifPresent(uri -> endpoints.put(uri.split("\\?")[0],
                                    YamlNodes.getScalar(entry.body(), "id").orElse(file.stem())));
                }
            }
        }
        return endpoints;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** @return 0 when every file passes, 1 with findings, 2 on wrong arguments */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Path routesDir = Path.of("routes");
        List<Path> given = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--built-in") && i + 1 < args.length) {
                routesDir = Path.of(args[++i]);
            } else if (args[i].startsWith("-")) {
                err.println("usage: RouteCheck [--built-in <routes dir>] <directory or file>...");
                return 2;
            } else {
                given.add(Path.of(args[i]));
            }
        }
        if (!Files.isDirectory(routesDir)) {
            err.println("no built-in routes at " + routesDir.toAbsolutePath() + ": run from the hub's directory or give --built-in");
            return 2;
        }
        List<Path> builtIn = new ArrayList<>(builtInFiles(routesDir));
        List<Path> feeds = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path)) {
                if (!isBuiltInDir(path, routesDir)) {
                    feeds.addAll(yamlFiles(path));
                }
            } else if (Files.isRegularFile(path)) {
                // a file named on its own is checked as a feed, even while it sits in routes/ for a local try-out
                builtIn.removeIf(file -> same(file, path));
                feeds.add(path);
            } else {
                err.println("no such file or directory: " + path);
                return 2;
            }
        }
        List<Finding> findings = check(builtIn, feeds);
        findings.forEach(err::println);
        out.printf("%d route files checked (%d built-in, %d feeds): %s%n", builtIn.size() + feeds.size(), builtIn.size(),
                feeds.size(), findings.isEmpty() ? "no problems" : findings.size() + " problems");
        return findings.isEmpty() ? 0 : 1;
    }

    private static boolean isBuiltInDir(Path dir, Path routesDir) {
        return same(dir, routesDir) || same(dir, routesDir.resolve("templates"));
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** The YAML files of a directory, sorted; hidden entries (a ConfigMap volume's ..data) left out. */
    private static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .filter(Files::isRegularFile)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
