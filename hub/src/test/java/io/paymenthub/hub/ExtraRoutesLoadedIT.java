package io.paymenthub.hub;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.hub.support.SampleMessages;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routes added as configuration: the files in {@code hub.routes.extra-dir} (on Kubernetes, the mounted routes
 * ConfigMap) run beside the built-in routes/ and use their error handling and processors. A file the route check
 * refuses (a built-in route id reused, a route past masking to the datastore), or a directory that is set but missing,
 * stops the start-up instead of running without them or around the ingest path.
 */
@ExtendWith(DevServicesExtension.class)
class ExtraRoutesLoadedIT {

    private static final String PARTNER_ROUTE = """
            # a source added without a rebuild: it ends in the same direct:ingest as the built-in ones
            - route:
                id: ingest-direct-partner
                routeConfigurationId: error-handling
                from:
                  uri: direct:ingest-partner
                  steps:
                    - setProperty:
                        name: hubSource
                        constant: partner
                    - setProperty:
                        name: hubDeadLetterUri
                        constant: log:partner-rejected
                    - to:
                        uri: direct:ingest
            """;

    @Test
    void routesInTheExtraDirectoryRunBesideTheBuiltInOnes(@TempDir Path extra) throws Exception {
        mountLikeAConfigMap(extra, Map.of(
                "ingest-direct-partner.camel.yaml", PARTNER_ROUTE,
                "README.md", "not a route: only *.camel.yaml files are loaded"));

        try (ConfigurableApplicationContext hub = startHub(extra, "payment-hub-extra-routes")) {
            CamelContext camel = hub.getBean(CamelContext.class);
            assertThat(camel.getRouteController().getRouteStatus("ingest-direct-partner")).isEqualTo(ServiceStatus.Started);
            // the two sources this hub disables are not created at all
            assertThat(camel.getRoute("ingest-kafka")).isNull();
            assertThat(camel.getRoute("ingest-iso8583")).isNull();
            assertThat(camel.getRoutes()).hasSize(builtInRouteCount() - 2 + 1);

            ProducerTemplate producer = camel.createProducerTemplate();
            producer.sendBody("direct:ingest-partner", SampleMessages.pacs008India("PARTNER", 1).get(0));

            JdbcTemplate jdbc = hub.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from payment where source = 'partner'", Long.class)).isOne();
        }
    }

    @Test
    void aFileReusingABuiltInRouteIdStopsTheStartUp(@TempDir Path extra) throws Exception {
        Files.writeString(extra.resolve("process-payment.camel.yaml"),
                PARTNER_ROUTE.replace("ingest-direct-partner", "process-payment").replace("direct:ingest-partner", "direct:shadow"));

        int builtInLine = Files.readAllLines(Path.of("routes/process-payment.camel.yaml")).indexOf("    id: process-payment") + 1;

        assertThatThrownBy(() -> startHub(extra, "payment-hub-duplicate-route").close())
                .hasStackTraceContaining(extra.resolve("process-payment.camel.yaml")
                        + ":3: duplicate route id process-payment: already used at routes/process-payment.camel.yaml:" + builtInLine);
    }

    @Test
    void aFileSendingStraightToTheDatastorePastMaskingStopsTheStartUp(@TempDir Path extra) throws Exception {
        Files.writeString(extra.resolve("ingest-direct-shortcut.camel.yaml"), """
                # skips format detection, card-data scrubbing and masking, and the residency decision
                - route:
                    id: ingest-direct-shortcut
                    routeConfigurationId: error-handling
                    from:
                      uri: direct:ingest-shortcut
                      steps:
                        - to:
                            uri: direct:store-payment
                """);

        assertThatThrownBy(() -> startHub(extra, "payment-hub-shortcut-route").close())
                .hasMessageContaining("route files in hub.routes.extra-dir refused by the route check")
                .hasMessageContaining(extra.resolve("ingest-direct-shortcut.camel.yaml") + ":9: direct:store-payment is a step of "
                        + "the hub's own (route deliver-store-payment)")
                .hasMessageContaining(extra.resolve("ingest-direct-shortcut.camel.yaml") + ":2: route ingest-direct-shortcut never "
                        + "hands its messages to direct:ingest");
    }

    @Test
    void anExtraDirectoryThatIsSetButMissingStopsTheStartUp(@TempDir Path parent) {
        Path missing = parent.resolve("not-mounted");

        assertThatThrownBy(() -> startHub(missing, "payment-hub-missing-routes").close())
                .hasMessageContaining("hub.routes.extra-dir names " + missing + ", which is not a directory");
    }

    /**
     * The layout a ConfigMap volume has in a pod: the files in a hidden timestamped directory, {@code ..data} linking
     * to it, and one link per key; each file must be loaded once, through its link.
     */
    private static void mountLikeAConfigMap(Path dir, Map<String, String> files) throws IOException {
        Path version = Files.createDirectory(dir.resolve("..2026_11_26_08_00_00.000000001"));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(version.resolve(file.getKey()), file.getValue());
        }
        Files.createSymbolicLink(dir.resolve("..data"), version.getFileName());
        for (String name : files.keySet()) {
            Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
        }
    }

    private static ConfigurableApplicationContext startHub(Path extraRoutes, String name) {
        return new SpringApplicationBuilder(PaymentHubApplication.class)
                .profiles("local")
                .run("--server.port=0", "--camel.main.name=" + name,
                        "--hub.routes.extra-dir=" + extraRoutes,
                        "--hub.sources.kafka.enabled=false",
                        "--hub.sources.iso8583.enabled=false",
                        "--hub.masking.keystore.path=hub/target/test-keys.p12");
    }

    /** Files in routes/ that hold a route (the others hold route configurations). */
    private static int builtInRouteCount() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return (int) files.filter(f -> f.toString().endsWith(".camel.yaml"))
                    .filter(f -> !read(f).contains("- routeConfiguration:"))
                    .count();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
