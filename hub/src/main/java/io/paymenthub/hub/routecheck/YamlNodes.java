package io.paymenthub.hub.routecheck;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.List;
import java.util.Optional;

/** Reading composed YAML nodes, which keep the line each one starts on. */
final class YamlNodes {

    private YamlNodes() {
    }

    /** 1-based line the node starts on. */
    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1);
    }

    static Optional<String> scalar(Node node) {
        return node instanceof ScalarNode scalar ? Optional.of(scalar.getValue()) : Optional.empty();
    }

    static Optional<Node> get(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (scalar(tuple.getKeyNode()).filter(key::equals).isPresent()) {
                    return Optional.of(tuple.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> getScalar(Node mapping, String key) {
        return get(mapping, key).flatMap(YamlNodes::scalar);
    }

    static List<NodeTuple> tuples(Node mapping) {
        return mapping instanceof MappingNode map ? map.getValue() : List.of();
    }

    static List<Node> items(Node sequence) {
        return sequence instanceof SequenceNode list ? list.getValue() : List.of();
    }

    static String key(NodeTuple tuple) {
        return scalar(tuple.getKeyNode()).orElse("");
    }

    /** A value that is one property placeholder as a whole, e.g. {@code {{env:BANK_KAFKA_JAAS}}}. */
    static boolean isPlaceholder(String value) {
        return value != null && value.matches("\\{\\{[^{}]+}}");
    }
}
