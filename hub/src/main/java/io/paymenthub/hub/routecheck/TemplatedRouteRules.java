package io.paymenthub.hub.routecheck;

import io.paymenthub.hub.routecheck.RouteTemplates.Parameter;
import io.paymenthub.hub.routecheck.RouteTemplates.Template;
import org.snakeyaml.engine.v2.nodes.Node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A route made from a template ({@code templatedRoute}) names one of the hub's templates and gives each of its
 * required parameters, no parameter the template does not have, every secret as a property placeholder, and only
 * files of the hub's that exist (an ISO 8583 dialect, say).
 */
final class TemplatedRouteRules {

    private TemplatedRouteRules() {
    }

    static void check(RouteFile file, RouteFile.Entry entry, RouteTemplates templates, List<Finding> findings) {
        Node body = entry.body();
        Optional<String> ref = YamlNodes.getScalar(body, "routeTemplateRef");
        if (ref.isEmpty()) {
            findings.add(file.finding(entry.line(), "templatedRoute needs routeTemplateRef: one of the hub's templates " + templates.ids()));
            return;
        }
        Optional<Template> template = templates.get(ref.get());
        if (template.isEmpty()) {
            findings.add(file.finding(YamlNodes.get(body, "routeTemplateRef").orElseThrow(),
                    "unknown route template " + ref.get() + ": the hub's templates are " + templates.ids()));
            return;
        }
        Set<String> given = new HashSet<>();
        Node parameters = YamlNodes.get(body, "parameters").orElse(null);
        if (parameters != null && YamlNodes.items(parameters).isEmpty() && !YamlNodes.tuples(parameters).isEmpty()) {
            findings.add(file.finding(parameters, "parameters is a list of '- name: ... value: ...' pairs"));
            return;
        }
        for (Node parameter : YamlNodes.items(parameters)) {
            checkParameter(file, template.get(), parameter, given, findings);
        }
        for (Parameter declared : template.get().parameters().values()) {
            if (declared.mustBeGiven() && !given.contains(declared.name())) {
                findings.add(file.finding(entry.line(), "missing required parameter " + declared.name() + " of template "
                        + template.get().id() + ": " + declared.description()));
            }
        }
    }

    /** A relative {@code file:} location (one of the hub's own files, e.g. a dialect in config/iso8583/) that is not there. */
    private static boolean namesMissingFile(String value) {
        if (!value.startsWith("file:") || value.contains("{{")) {
            return false;
        }
        Path path = Path.of(value.substring("file:".length()));
        return !path.isAbsolute() && !Files.exists(path);
    }

    private static void checkParameter(RouteFile file, Template template, Node parameter, Set<String> given, List<Finding> findings) {
        Optional<String> name = YamlNodes.getScalar(parameter, "name");
        if (name.isEmpty()) {
            findings.add(file.finding(parameter, "a parameter needs a name"));
            return;
        }
        Parameter declared = template.parameters().get(name.get());
        if (declared == null) {
            findings.add(file.finding(parameter, "template " + template.id() + " has no parameter " + name.get()
                    + "; its parameters are " + template.parameters().keySet()));
            return;
        }
        if (!given.add(name.get())) {
            findings.add(file.finding(parameter, "parameter " + name.get() + " is given twice"));
        }
        Optional<String> value = YamlNodes.getScalar(parameter, "value");
        if (value.isEmpty()) {
            findings.add(file.finding(parameter, "parameter " + name.get() + " has no value"));
        } else if (declared.secret() && !YamlNodes.isPlaceholder(value.get())) {
            findings.add(file.finding(YamlNodes.get(parameter, "value").orElseThrow(), "parameter " + name.get()
                    + " is a secret: give it as a property placeholder such as {{env:BANK_KAFKA_JAAS}}, never its value"));
        } else if (namesMissingFile(value.get())) {
            findings.add(file.finding(YamlNodes.get(parameter, "value").orElseThrow(), "parameter " + name.get() + " names "
                    + value.get() + ", which does not exist (a relative path starts at the hub's directory, beside config/)"));
        }
    }
}
