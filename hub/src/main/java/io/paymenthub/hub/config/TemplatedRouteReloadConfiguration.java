package io.paymenthub.hub.config;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceReload;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Camel's route reloading ({@code camel.main.routes-reload-enabled}, on in the local profile) updates the routes,
 * templates and route configurations of a saved file, but in Camel 4.17 not its {@code templatedRoute} entries — and
 * that is how feeds are written. After Camel's own update, each route of the file made from a template is created
 * anew (replacing the one of the same id), so a feed saved into the watched directory runs within seconds.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "camel.main.routes-reload-enabled", havingValue = "true")
class TemplatedRouteReloadConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TemplatedRouteReloadConfiguration.class);

    @Bean
    CamelContextConfiguration reloadTemplatedRoutes() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                // the reload strategy exists once the context has started
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                RouteWatcherReloadStrategy reload = camel.hasService(RouteWatcherReloadStrategy.class);
                if (reload != null) {
                    // Camel sets its own reload action when the strategy starts, which with the supervising route
                    // controller may come after this callback; starting it here is a no-op if it already runs
                    ServiceHelper.startService(reload);
                    ResourceReload camelsOwn = reload.getResourceReload();
                    reload.setResourceReload((name, resource) -> {
                        camelsOwn.onReload(name, resource);
                        replaceTemplatedRoutes(camel, resource);
                    });
                }
            }
        };
    }

    private static void replaceTemplatedRoutes(CamelContext camel, Resource resource) throws Exception {
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource))) {
            if (builder instanceof RouteBuilder routes) {
                routes.configureRoutes(camel);
                List<TemplatedRouteDefinition> templated = routes.getTemplatedRouteCollection().getTemplatedRoutes();
                for (TemplatedRouteDefinition route : templated) {
                    if (route.getRouteId() != null && camel.getRoute(route.getRouteId()) != null) {
                        camel.getRouteController().stopRoute(route.getRouteId());
                        camel.removeRoute(route.getRouteId());
                    }
                }
                routes.addTemplatedRoutesToCamelContext(camel);
                for (TemplatedRouteDefinition route : templated) {
                    // the supervising route controller starts routes at start-up only; one added later is started here
                    if (route.getRouteId() != null && camel.getRoute(route.getRouteId()) != null
                            && !camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                        camel.getRouteController().startRoute(route.getRouteId());
                    }
                }
                templated.forEach(route -> log.info("Reloaded {} from template {} ({})", route.getRouteId(),
                        route.getRouteTemplateRef(), resource.getLocation()));
            }
        }
    }
}
