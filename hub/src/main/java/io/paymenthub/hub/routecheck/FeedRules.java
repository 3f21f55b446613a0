package io.paymenthub.hub.routecheck;

import io.paymenthub.hub.routecheck.Endpoints.Endpoint;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A feed (a route file added as configuration) only brings messages in: it is a {@code templatedRoute} of one of the
 * hub's templates, or a plain {@code route} under the shared error handling that prepares the message with a few
 * declarative steps and hands it to {@code direct:ingest}. Anything that could skip or reorder what comes after —
 * card-data masking, the residency decision, delivery — is refused: sending to the hub's own later steps or to a
 * datastore, Java code, endpoints chosen at run time, and new templates, route configurations or beans.
 */
final class FeedRules {

    private static final Set<String> ROUTE_KEYS = Set.of("id", "description", "group", "routeConfigurationId", "autoStartup", "from");
    private static final Set<String> TEMPLATED_ROUTE_KEYS = Set.of("routeTemplateRef", "routeId", "parameters");
    private static final Set<String> FROM_KEYS = Set.of("uri", "parameters", "steps");
    private static final Set<String> STEPS = Set.of("to", "log", "setHeader", "setHeaders", "setProperty", "removeHeader",
            "removeHeaders", "removeProperty", "removeProperties", "setBody", "convertBodyTo", "choice", "filter");
    private static final Map<String, String> REFUSED_STEPS = Map.of(
            "process", "runs Java code: a feed is YAML only; steps that need code belong to the hub's templates",
            "bean", "runs Java code: a feed is YAML only; steps that need code belong to the hub's templates",
            "toD", "sends to an endpoint chosen at run time, which no check can follow: a feed sends to direct:ingest",
            "recipientList", "sends to endpoints chosen at run time, which no check can follow: a feed sends to direct:ingest",
            "routingSlip", "sends to endpoints chosen at run time, which no check can follow: a feed sends to direct:ingest",
            "dynamicRouter", "sends to endpoints chosen at run time, which no check can follow: a feed sends to direct:ingest");
    /** Expression languages that run code rather than read the message. */
    private static final Set<String> CODE_LANGUAGES = Set.of("method", "bean", "ref", "groovy", "joor", "java", "js",
            "javaScript", "python", "spel", "ognl", "mvel", "wasm");
    private static final Set<String> DATASTORE_COMPONENTS = Set.of("sql", "sql-stored", "jdbc", "spring-jdbc", "jpa", "mybatis");

    /** The hub's own direct endpoints (direct:ingest and the steps after it) and the route that consumes each. */
    private final Map<String, String> hubEndpoints;

    FeedRules(Map<String, String> hubEndpoints) {
        this.hubEndpoints = hubEndpoints;
    }

    void check(RouteFile file, RouteFile.Entry entry, List<Finding> findings) {
        switch (entry.kind()) {
            case "route" -> checkRoute(file, entry, findings);
            case "templatedRoute" -> onlyKeys(file, entry.body(), TEMPLATED_ROUTE_KEYS, "a templatedRoute", findings);
            default -> findings.add(file.finding(entry.line(), entry.kind() + " is not allowed in a feed file: a feed adds "
                    + "routes (templatedRoute or route); templates, route configurations, error handlers, interceptors, "
                    + "REST definitions and beans are the hub's"));
        }
    }

    private void checkRoute(RouteFile file, RouteFile.Entry entry, List<Finding> findings) {
        Node route = entry.body();
        String id = YamlNodes.getScalar(route, "id").orElse(file.stem());
        onlyKeys(file, route, ROUTE_KEYS, "a feed route", findings);
        if (!YamlNodes.getScalar(route, "routeConfigurationId").filter(Ingest.ERROR_HANDLING::equals).isPresent()) {
            findings.add(file.finding(entry.line(), "route " + id + " must use the shared error handling: routeConfigurationId: " + Ingest.ERROR_HANDLING));
        }
        Optional<Node> from = YamlNodes.get(route, "from");
        if (from.isEmpty() || YamlNodes.getScalar(from.get(), "uri").isEmpty()) {
            findings.add(file.finding(entry.line(), "route " + id + " needs from: with a uri"));
            return;
        }
        onlyKeys(file, from.get(), FROM_KEYS, "from", findings);
        checkSource(file, new Endpoint(YamlNodes.getScalar(from.get(), "uri").orElseThrow(), YamlNodes.get(from.get(), "uri").orElseThrow()), findings);
        boolean reachesIngest = checkSteps(file, YamlNodes.get(from.get(), "steps").orElse(null), findings);
        if (!reachesIngest) {
            findings.add(file.finding(entry.line(), "route " + id + " never hands its messages to " + Ingest.ENTRY
                    + ": every feed ends in the ingest path"));
        }
    }

    private void checkSource(RouteFile file, Endpoint source, List<Finding> findings) {
        if (source.component().isEmpty()) {
            findings.add(file.finding(source.node(), "the source endpoint's component must be written out, not " + source.uri()));
        }
        String consumer = hubEndpoints.get(source.withoutOptions());
        if (consumer != null) {
            findings.add(file.finding(source.node(), source.withoutOptions() + " is consumed by the hub's route " + consumer
                    + ": a feed reads from its own source"));
        }
    }

    /** @return whether some step hands the message to direct:ingest */
    private boolean checkSteps(RouteFile file, Node steps, List<Finding> findings) {
        boolean reachesIngest = false;
        for (Node step : YamlNodes.items(steps)) {
            List<NodeTuple> tuples = YamlNodes.tuples(step);
            if (tuples.size() != 1) {
                findings.add(file.finding(step, "a step has one key, such as 'to:' or 'setHeader:'"));
                continue;
            }
            String kind = YamlNodes.key(tuples.get(0));
            Node body = tuples.get(0).getValueNode();
            if (!STEPS.contains(kind)) {
                findings.add(file.finding(step, "step " + kind + " is not allowed in a feed: it "
                        + REFUSED_STEPS.getOrDefault(kind, "is none of the steps a feed may use to prepare a message " + STEPS.stream().sorted().toList())));
                continue;
            }
            if (kind.equals("to")) {
                reachesIngest |= checkTarget(file, target(body), findings);
            }
            reachesIngest |= checkInside(file, body, findings);
        }
        return reachesIngest;
    }

    /** Nested steps (choice, filter), and expressions that would run code. */
    private boolean checkInside(RouteFile file, Node node, List<Finding> findings) {
        boolean reachesIngest = false;
        for (NodeTuple tuple : YamlNodes.tuples(node)) {
            String key = YamlNodes.key(tuple);
            if (key.equals("steps")) {
                reachesIngest |= checkSteps(file, tuple.getValueNode(), findings);
            } else if (CODE_LANGUAGES.contains(key)) {
                findings.add(file.finding(tuple.getKeyNode(), "the " + key + " language runs code: a feed reads its message with simple, constant, header, jsonpath or xpath"));
            } else {
                reachesIngest |= checkInside(file, tuple.getValueNode(), findings);
            }
        }
        for (Node item : YamlNodes.items(node)) {
            reachesIngest |= checkInside(file, item, findings);
        }
        YamlNodes.scalar(node).filter(text -> text.matches("(?s).*\\$\\{(bean|ref|method):.*")).ifPresent(text ->
                findings.add(file.finding(node, "the expression calls a bean: a feed reads its message, it runs no code")));
        return reachesIngest;
    }

    private static Endpoint target(Node to) {
        Node uri = YamlNodes.get(to, "uri").orElse(to);
        return new Endpoint(YamlNodes.scalar(uri).orElse(""), uri);
    }

    /** @return whether the target is direct:ingest */
    private boolean checkTarget(RouteFile file, Endpoint target, List<Finding> findings) {
        String endpoint = target.withoutOptions();
        if (endpoint.equals(Ingest.ENTRY)) {
            return true;
        }
        Optional<String> component = target.component();
        if (component.filter("log"::equals).isPresent()) {
            return false;
        }
        String consumer = hubEndpoints.get(endpoint);
        if (consumer != null) {
            findings.add(file.finding(target.node(), endpoint + " is a step of the hub's own (route " + consumer + "): sending "
                    + "there skips what " + Ingest.ENTRY + " does first — card-data scrubbing and masking, the residency "
                    + "decision; a feed hands its messages to " + Ingest.ENTRY));
        } else if (component.filter(DATASTORE_COMPONENTS::contains).isPresent()) {
            findings.add(file.finding(target.node(), component.get() + ": writes to a datastore directly, past card-data "
                    + "masking, the residency decision and delivery; a feed hands its messages to " + Ingest.ENTRY));
        } else {
            findings.add(file.finding(target.node(), "a feed sends only to " + Ingest.ENTRY + " (and log:), not to "
                    + target.uri() + ": delivery is the hub's, after masking and the residency decision"));
        }
        return false;
    }

    private static void onlyKeys(RouteFile file, Node mapping, Set<String> allowed, String what, List<Finding> findings) {
        for (NodeTuple tuple : YamlNodes.tuples(mapping)) {
            String key = YamlNodes.key(tuple);
            if (!allowed.contains(key)) {
                findings.add(file.finding(tuple.getKeyNode(), key + " is not allowed in " + what + " (allowed: "
                        + allowed.stream().sorted().toList() + ")"));
            }
        }
    }
}
