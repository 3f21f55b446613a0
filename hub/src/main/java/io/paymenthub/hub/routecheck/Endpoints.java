package io.paymenthub.hub.routecheck;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The endpoint URIs written in a piece of route: {@code uri:} values and short forms such as {@code to: direct:ingest}. */
final class Endpoints {

    private static final Set<String> URI_KEYS = Set.of("uri", "to", "toD", "wireTap", "enrich", "pollEnrich", "from", "deadLetterUri");
    private static final Pattern COMPONENT = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):.*", Pattern.DOTALL);

    /** One URI where it is written. */
    record Endpoint(String uri, Node node) {

        /** The component (the scheme before the first colon); empty when a placeholder or expression chooses it. */
        Optional<String> component() {
            Matcher matcher = COMPONENT.matcher(uri);
            return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        /** Everything up to the options: {@code direct:ingest} of {@code direct:ingest?timeout=1000}. */
        String withoutOptions() {
            int query = uri.indexOf('?');
            return query < 0 ? uri : uri.substring(0, query);
        }
    }

    private Endpoints() {
    }

    static List<Endpoint> in(Node node) {
        List<Endpoint> found = new ArrayList<>();
        collect(node, found);
        return found;
    }

    private static void collect(Node node, List<Endpoint> found) {
        for (NodeTuple tuple : YamlNodes.tuples(node)) {
            Node value = tuple.getValueNode();
            if (URI_KEYS.contains(YamlNodes.key(tuple))) {
                YamlNodes.scalar(value).ifPresent(uri -> found.add(new Endpoint(uri, value)));
            }
            collect(value, found);
        }
        for (Node item : YamlNodes.items(node)) {
            collect(item, found);
        }
    }
}
