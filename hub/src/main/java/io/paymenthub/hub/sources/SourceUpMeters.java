package io.paymenthub.hub.sources;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.metrics.HubMeters;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.LifecycleStrategySupport;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hub_source_up{route, source}}: 1 while a source route ({@code ingest-*}, feeds included) is up as the
 * {@code sources} health component sees it ({@link SourcesHealth}: started or suspended, its consumer not failing),
 * 0 while it is down — waiting for its server to answer, stopped, or polling in vain. {@code source} is the route id's
 * second part ({@code ingest-kafka-deccan-bank} → {@code kafka}). A gauge is added and removed with its route, so a
 * feed loaded or replaced later has one too. A disabled source has no route, hence no gauge.
 */
@Component
class SourceUpMeters implements CamelContextConfiguration {

    private final SourcesHealth health;
    private final MeterRegistry registry;
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    SourceUpMeters(SourcesHealth health, MeterRegistry registry) {
        this.health = health;
        this.registry = registry;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                routes.forEach(route -> add(route.getRouteId()));
            }

            @Override
            public void onRoutesRemove(Collection<Route> routes) {
                routes.forEach(route -> remove(route.getRouteId()));
            }
        });
        camel.getRoutes().forEach(route -> add(route.getRouteId()));
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // gauges follow the routes from beforeApplicationStart on
    }

    private void add(String routeId) {
        if (!routeId.startsWith(SourcesHealth.SOURCE_ROUTE_PREFIX)) {
            return;
        }
        gauges.computeIfAbsent(routeId, id -> Gauge.builder(HubMeters.SOURCE_UP, () -> health.up(id) ? 1 : 0)
                .description("1 while the source route is up, 0 while it is down")
                .tag("route", id)
                .tag("source", source(id))
                .register(registry));
    }

    private void remove(String routeId) {
        Gauge gauge = gauges.remove(routeId);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /** {@code ingest-kafka} and {@code ingest-kafka-deccan-bank} → {@code kafka}. */
    static String source(String routeId) {
        String rest = routeId.substring(SourcesHealth.SOURCE_ROUTE_PREFIX.length());
        int dash = rest.indexOf('-');
        return dash < 0 ? rest : rest.substring(0, dash);
    }
}
