package io.paymenthub.hub.routecheck;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Camel YAML DSL file composed with snakeyaml-engine, the parser Camel's YAML DSL uses, so that every node keeps
 * its line. The file is a list of entries, each one key: {@code route}, {@code templatedRoute}, {@code routeTemplate},
 * {@code routeConfiguration}, ...
 */
final class RouteFile {

    /** One top-level entry, e.g. {@code - route: {...}}. */
    record Entry(String kind, Node body, int line) {
    }

    private final Path path;
    private final boolean builtIn;
    private final List<Entry> entries;

    private RouteFile(Path path, boolean builtIn, List<Entry> entries) {
        this.path = path;
        this.builtIn = builtIn;
        this.entries = entries;
    }

    /** Reads the file; what keeps it from being read as route entries is added to {@code findings}. */
    static Optional<RouteFile> read(Path path, boolean builtIn, List<Finding> findings) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(path.toString()).build()).composeString(Files.readString(path));
        } catch (IOException e) {
            findings.add(new Finding(path, 1, "cannot be read: " + e.getMessage()));
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(1);
            findings.add(new Finding(path, line, "not YAML: " + e.getProblem()));
            return Optional.empty();
        } catch (YamlEngineException e) {
            findings.add(new Finding(path, 1, "not YAML: " + e.getMessage()));
            return Optional.empty();
        }
        if (root.isEmpty()) {
            return Optional.of(new RouteFile(path, builtIn, List.of()));
        }
        if (!(root.get() instanceof SequenceNode list)) {
            findings.add(new Finding(path, YamlNodes.line(root.get()), "not a Camel YAML DSL file: expected a list of entries such as '- route:'"));
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>();
        for (Node item : list.getValue()) {
            List<NodeTuple> tuples = YamlNodes.tuples(item);
            if (tuples.size() != 1) {
                findings.add(new Finding(path, YamlNodes.line(item), "each entry has one key, such as 'route:' or 'templatedRoute:'"));
                continue;
            }
            entries.add(new Entry(YamlNodes.key(tuples.get(0)), tuples.get(0).getValueNode(), YamlNodes.line(item)));
        }
        return Optional.of(new RouteFile(path, builtIn, entries));
    }

    Path path() {
        return path;
    }

    /** One of the hub's own files (routes/, routes/templates/), as opposed to a feed added as configuration. */
    boolean builtIn() {
        return builtIn;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The file name without {@code .camel.yaml}: the id of the route it holds. */
    String stem() {
        String name = path.getFileName().toString();
        return name.endsWith(".camel.yaml") ? name.substring(0, name.length() - ".camel.yaml".length()) : name;
    }

    Finding finding(Node node, String reason) {
        return new Finding(path, YamlNodes.line(node), reason);
    }

    Finding finding(int line, String reason) {
        return new Finding(path, line, reason);
    }

    /** Relative to the working directory when under it, as engineers and CI logs read paths. */
    static String display(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }
}
