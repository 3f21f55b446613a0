package io.paymenthub.hub.sources;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.SupervisingRouteController;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Component;

import java.util.Iterator;
import java.util.Optional;

/**
 * {@code /actuator/health} component {@code sources}: one entry per source route ({@code ingest-*}, feeds included),
 * DOWN while its server does not answer — a route still waiting to start, or a consumer whose polls or connection
 * fail — with the reason. Not part of the readiness or liveness probes: one source being down must not take the hub,
 * and its other sources, out of service.
 */
@Component("sources")
class SourcesHealth implements CompositeHealthContributor {

    static final String SOURCE_ROUTE_PREFIX = "ingest-";

    private final CamelContext camel;

    SourcesHealth(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public HealthContributor getContributor(String routeId) {
        return camel.getRoute(routeId) != null && routeId.startsWith(SOURCE_ROUTE_PREFIX) ? indicator(routeId) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return camel.getRoutes().stream()
                .map(Route::getRouteId)
                .filter(id -> id.startsWith(SOURCE_ROUTE_PREFIX))
                .sorted()
                .map(id -> NamedContributor.of(id, (HealthContributor) indicator(id)))
                .iterator();
    }

    /** Whether the source route is up as this component reports it ({@link SourceUpMeters}). */
    boolean up(String routeId) {
        return Status.UP.equals(health(routeId).getStatus());
    }

    private HealthIndicator indicator(String routeId) {
        return () -> health(routeId);
    }

    private Health health(String routeId) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
        Route route = camel.getRoute(routeId);
        String endpoint = route == null ? "" : route.getEndpoint().getEndpointBaseUri();
        if (status == null || !(status.isStarted() || status.isSuspended())) {
            Health.Builder down = Health.down().withDetail("endpoint", endpoint).withDetail("route", String.valueOf(status));
            restartFailure(routeId).ifPresent(e -> down.withDetail("reason", describe(e)));
            return down.build();
        }
        Optional<HealthCheck.Result> consumer = HealthCheckHelper
                .invoke(camel, (HealthCheck check) -> !check.getId().equals("consumer:" + routeId)).stream().findFirst();
        if (consumer.isPresent() && consumer.get().getState() == HealthCheck.State.DOWN) {
            Health.Builder down = Health.down().withDetail("endpoint", endpoint).withDetail("route", status.name());
            consumer.get().getError().ifPresentOrElse(e -> down.withDetail("reason", describe(e)),
                    () -> consumer.get().getMessage().ifPresent(m -> down.withDetail("reason", m)));
            return down.build();
        }
        return Health.up().withDetail("endpoint", endpoint).withDetail("route", status.name()).build();
    }

    private Optional<Throwable> restartFailure(String routeId) {
        return camel.getRouteController() instanceof SupervisingRouteController supervisor
                ? Optional.ofNullable(supervisor.getRestartException(routeId))
                : Optional.empty();
    }

    /** The class and message of the innermost cause: a connection refused, an unknown host, a missing bucket. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
