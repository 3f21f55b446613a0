package io.paymenthub.hub.routecheck;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every route, template and route configuration has an id, its file's name, used once across the hub's own files and
 * the feeds (Camel would refuse to start on a duplicate; this says where both are).
 */
final class RouteIds {

    private record Location(RouteFile file, int line) {
    }

    private RouteIds() {
    }

    /** @param files the hub's own files first, so that a duplicate is reported on the feed */
    static void check(List<RouteFile> files, List<Finding> findings) {
        Map<String, Map<String, Location>> seen = new HashMap<>();
        for (RouteFile file : files) {
            for (RouteFile.Entry entry : file.entries()) {
                String idKey = switch (entry.kind()) {
                    case "route", "routeTemplate", "routeConfiguration" -> "id";
                    case "templatedRoute" -> "routeId";
                    default -> null;
                };
                if (idKey == null) {
                    continue;
                }
                Optional<String> id = YamlNodes.getScalar(entry.body(), idKey);
                String what = entry.kind().equals("templatedRoute") ? "route" : entry.kind();
                if (id.isEmpty()) {
                    findings.add(file.finding(entry.line(), what + " without " + idKey + ": give it the file's name, " + file.stem()));
                    continue;
                }
                int line = YamlNodes.line(YamlNodes.get(entry.body(), idKey).orElseThrow());
                if (!id.get().equals(file.stem())) {
                    findings.add(file.finding(line, what + " id " + id.get() + " is not the file's name " + file.stem()));
                }
                String namespace = entry.kind().equals("templatedRoute") ? "route" : entry.kind();
                Location first = seen.computeIfAbsent(namespace, kind -> new HashMap<>()).putIfAbsent(id.get(), new Location(file, line));
                if (first != null) {
                    findings.add(file.finding(line, "duplicate " + what + " id " + id.get() + ": already used at "
                            + RouteFile.display(first.file().path()) + ":" + first.line()));
                }
            }
        }
    }
}
