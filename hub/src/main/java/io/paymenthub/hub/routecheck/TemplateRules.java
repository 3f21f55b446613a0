package io.paymenthub.hub.routecheck;

import org.snakeyaml.engine.v2.nodes.Node;

import java.util.List;

/**
 * What the hub's own templates promise the engineers who use them: every parameter described, with an explicit
 * required flag and, when optional, a default; secrets with no written default; and a route that runs under the shared
 * error handling and hands its messages to {@code direct:ingest}, so a template's user cannot skip masking, residency
 * or delivery.
 */
final class TemplateRules {

    private TemplateRules() {
    }

    static void check(RouteFile file, RouteFile.Entry template, List<Finding> findings) {
        Node body = template.body();
        String id = YamlNodes.getScalar(body, "id").orElse("?");
        for (Node declared : YamlNodes.items(YamlNodes.get(body, "parameters").orElse(null))) {
            checkParameter(file, id, declared, findings);
        }
        Node route = YamlNodes.get(body, "route").orElse(null);
        if (route == null) {
            findings.add(file.finding(template.line(), "template " + id + " has no route"));
            return;
        }
        if (!YamlNodes.getScalar(route, "routeConfigurationId").filter(Ingest.ERROR_HANDLING::equals).isPresent()) {
            findings.add(file.finding(route, "template " + id + " must run under the shared error handling: routeConfigurationId: " + Ingest.ERROR_HANDLING));
        }
        if (Endpoints.in(route).stream().noneMatch(endpoint -> endpoint.withoutOptions().equals(Ingest.ENTRY))) {
            findings.add(file.finding(route, "template " + id + " never hands its messages to " + Ingest.ENTRY));
        }
    }

    private static void checkParameter(RouteFile file, String template, Node declared, List<Finding> findings) {
        String name = YamlNodes.getScalar(declared, "name").orElse(null);
        if (name == null) {
            findings.add(file.finding(declared, "a parameter of template " + template + " has no name"));
            return;
        }
        String what = "parameter " + name + " of template " + template;
        if (YamlNodes.getScalar(declared, "description").filter(text -> !text.isBlank()).isEmpty()) {
            findings.add(file.finding(declared, what + " needs a description"));
        }
        String required = YamlNodes.getScalar(declared, "required").orElse(null);
        String defaultValue = YamlNodes.getScalar(declared, "defaultValue").orElse(null);
        if (!"true".equals(required) && !"false".equals(required)) {
            findings.add(file.finding(declared, what + " must say required: true or required: false"));
        } else if ("false".equals(required) && defaultValue == null) {
            findings.add(file.finding(declared, what + " is optional and needs a defaultValue"));
        }
        boolean secret = YamlNodes.getScalar(declared, "description").filter(text -> text.startsWith(RouteTemplates.SECRET)).isPresent();
        if (secret && defaultValue != null && !YamlNodes.isPlaceholder(defaultValue)) {
            findings.add(file.finding(declared, what + " is a secret: its default can only be a property placeholder"));
        }
    }
}
