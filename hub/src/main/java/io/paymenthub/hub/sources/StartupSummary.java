package io.paymenthub.hub.sources;

import io.paymenthub.hub.config.HubProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The last line of a start-up: what this hub is serving, so an operator reading the log knows at once — region,
 * the sources that exist with their endpoints, the datastore, the key provider, the archive and the routes loaded
 * from {@code hub.routes.extra-dir}. No secrets: endpoints without their options, the JDBC URL without parameters.
 */
@Component
class StartupSummary {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final CamelContext camel;
    private final HubProperties properties;
    private final Environment environment;

    StartupSummary(CamelContext camel, HubProperties properties, Environment environment) {
        this.camel = camel;
        this.properties = properties;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void log() {
        log.info(summary());
    }

    String summary() {
        List<String> sources = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        String extraDir = properties.routes().extraDir();
        Path extraPath = extraDir.isBlank() ? null : Path.of(extraDir).toAbsolutePath().normalize();
        for (Route route : camel.getRoutes().stream().sorted((a, b) -> a.getRouteId().compareTo(b.getRouteId())).toList()) {
            if (route.getRouteId().startsWith(SourcesHealth.SOURCE_ROUTE_PREFIX)) {
                sources.add(route.getRouteId() + " " + route.getEndpoint().getEndpointBaseUri());
            }
            Resource resource = route.getSourceResource();
            if (extraPath != null && resource != null && resource.getLocation() != null
                    && resource.getLocation().contains(extraPath.toString())) {
                extra.add(route.getRouteId());
            }
        }
        HubProperties.Sources configured = properties.sources();
        return "Payment hub ready: region " + properties.region()
                + "; sources " + (sources.isEmpty() ? "none" : String.join(", ", sources))
                + "; kafka " + (configured.kafka().enabled() ? configured.kafka().brokers() : "off")
                + "; sqs " + (configured.sqs().enabled() ? server(configured.sqs().endpoint(), configured.sqs().region()) : "off")
                + "; s3 " + (configured.s3().enabled() ? server(configured.s3().endpoint(), configured.s3().region()) : "off")
                + "; datastore " + withoutParameters(environment.getProperty("spring.datasource.url", "(none)"))
                + " as " + environment.getProperty("spring.datasource.username", "(default user)")
                + "; key provider " + properties.masking().keyProvider().name().toLowerCase()
                + "; archive " + (properties.archive().enabled()
                        ? server(properties.archive().endpoint(), properties.archive().region()) + " bucket " + properties.archive().bucket()
                        : "off")
                + "; routes from " + (extraPath == null ? "hub.routes.extra-dir: none"
                        : extraPath + ": " + (extra.isEmpty() ? "none" : extra.stream().collect(Collectors.joining(", "))));
    }

    private static String server(String endpoint, String region) {
        return endpoint == null || endpoint.isBlank() ? "AWS " + region : endpoint;
    }

    /** A JDBC URL's parameters may carry a password or key material: the summary shows host and database only. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
