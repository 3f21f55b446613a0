package io.paymenthub.hub.routecheck;

import org.snakeyaml.engine.v2.nodes.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The hub's route templates (routes/templates/) and the parameters each declares. */
final class RouteTemplates {

    /** A description starting with this marks a secret: its value is given as a property placeholder only. */
    static final String SECRET = "Secret.";

    /** As Camel reads it: required unless {@code required: false}; a default value means it need not be given. */
    record Parameter(String name, String description, boolean required, String defaultValue) {

        boolean mustBeGiven() {
            return required && defaultValue == null;
        }

        boolean secret() {
            return description != null && description.startsWith(SECRET);
        }
    }

    record Template(String id, Map<String, Parameter> parameters) {
    }

    private final Map<String, Template> byId;

    private RouteTemplates(Map<String, Template> byId) {
        this.byId = byId;
    }

    /** The templates of the hub's own files; feed files may use them, not add to them. */
    static RouteTemplates of(List<RouteFile> files) {
        Map<String, Template> templates = new LinkedHashMap<>();
        for (RouteFile file : files) {
            if (!file.builtIn()) {
                continue;
            }
            for (RouteFile.Entry entry : file.entries()) {
                if (entry.kind().equals("routeTemplate")) {
                    YamlNodes.getScalar(entry.body(), "id").ifPresent(id -> templates.putIfAbsent(id, new Template(id, parameters(entry.body()))));
                }
            }
        }
        return new RouteTemplates(templates);
    }

    static Map<String, Parameter> parameters(Node template) {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        for (Node declared : YamlNodes.items(YamlNodes.get(template, "parameters").orElse(null))) {
            YamlNodes.getScalar(declared, "name").ifPresent(name -> parameters.put(name, new Parameter(name,
                    YamlNodes.getScalar(declared, "description").orElse(null),
                    !YamlNodes.getScalar(declared, "required").filter("false"::equals).isPresent(),
                    YamlNodes.getScalar(declared, "defaultValue").orElse(null))));
        }
        return parameters;
    }

    Optional<Template> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Set<String> ids() {
        return byId.keySet();
    }
}
