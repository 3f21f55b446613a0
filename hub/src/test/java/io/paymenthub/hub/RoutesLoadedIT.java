package io.paymenthub.hub;

import io.paymenthub.hub.support.HubIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file in routes/ is loaded: each route runs under the id of its file, each route configuration exists; the
 * templates of routes/templates/ are loaded, the example feeds of routes/examples/ are not.
 */
class RoutesLoadedIT extends HubIntegrationTest {

    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileIsLoadedAndStarted() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(Path.of("routes"))) {
            files = listing.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<String> configurations = camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class)
                .getRouteConfigurationDefinitions().stream().map(RouteConfigurationDefinition::getId).toList();

        for (Path file : files) {
            String id = file.getFileName().toString().replace(".camel.yaml", "");
            if (Files.readString(file).contains("- routeConfiguration:")) {
                assertThat(configurations).as("route configuration of %s", file).contains(id);
            } else {
                assertThat(camel.getRoute(id)).as("route of %s", file).isNotNull();
                assertThat(camel.getRouteController().getRouteStatus(id)).as("status of %s", id).isEqualTo(ServiceStatus.Started);
            }
        }
        assertThat(camel.getRoutes()).hasSize((int) files.stream().filter(f -> !readUnchecked(f).contains("- routeConfiguration:")).count());
    }

    @Test
    void theRouteTemplatesAreLoadedAndTheExampleFeedsAreNot() throws IOException {
        List<String> templates = camel.getCamelContextExtension().getContextPlugin(ModelCamelContext.class)
                .getRouteTemplateDefinitions().stream().map(RouteTemplateDefinition::getId).toList();
        assertThat(templates).containsExactlyInAnyOrder("kafka-feed", "sqs-feed", "iso8583-feed", "s3-feed", "http-feed");
        try (Stream<Path> examples = Files.list(Path.of("routes/examples"))) {
            assertThat(examples.map(file -> file.getFileName().toString().replace(".camel.yaml", "")))
                    .isNotEmpty()
                    .allSatisfy(example -> assertThat(camel.getRoute(example)).as("example %s", example).isNull());
        }
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
