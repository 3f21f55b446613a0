package io.paymenthub.hub.routecheck;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route check as CI runs it on every route file of the repository: the hub's own (routes/, routes/templates/),
 * the example feeds (routes/examples/) and the feeds Kubernetes deploys as configuration (k8s/.../routes/).
 */
class RouteFilesCheckTest {

    @Test
    void everyRouteFileInTheRepositoryPassesTheCheck() throws IOException {
        List<String> args = new ArrayList<>(List.of("routes", "routes/examples", "k8s/base/routes"));
        try (Stream<Path> overlays = Files.list(Path.of("k8s/overlays"))) {
            overlays.map(overlay -> overlay.resolve("routes")).filter(Files::isDirectory).map(Path::toString).forEach(args::add);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = RouteCheck.run(args.toArray(String[]::new), print(out), print(err));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no problems");
    }

    @Test
    void everyTemplateDescribesItsParametersAndEndsInTheIngestPath() {
        List<Path> templates = RouteCheck.routeFiles(Path.of("routes/templates"));

        assertThat(templates).extracting(path -> path.getFileName().toString()).containsExactlyInAnyOrder(
                "kafka-feed.camel.yaml", "sqs-feed.camel.yaml", "iso8583-feed.camel.yaml", "s3-feed.camel.yaml", "http-feed.camel.yaml");
        assertThat(RouteCheck.check(RouteCheck.builtInFiles(Path.of("routes")), List.of())).isEmpty();
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
