package io.paymenthub.hub.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * While the datastore circuit is open, the polling sources (SQS, S3) are suspended, so they do not fetch messages
 * only to fail them: SQS messages are not received again and again into the dead-letter queue, S3 objects stay under
 * {@code inbound/}. They resume when the circuit closes. Every route with such a consumer is covered, including
 * those added from YAML. Kafka batches wait for the circuit instead ({@code awaitDatastore} in the Kafka feed):
 * pausing and resuming Camel's Kafka consumer within moments of each other could leave it paused. Sources that
 * answer a caller (ISO 8583, HTTP) keep answering, with 96 and 503, so the caller knows to retry.
 */
public final class PauseSourcesDuringOutage implements DatastoreCircuit.Listener {

    private static final Logger log = LoggerFactory.getLogger(PauseSourcesDuringOutage.class);
    private static final Set<String> POLLING_SOURCES = Set.of("aws2-sqs", "aws2-s3");

    private final CamelContext camel;
    private final DatastoreCircuit circuit;
    private final Set<String> suspended = ConcurrentHashMap.newKeySet();

    public PauseSourcesDuringOutage(CamelContext camel, DatastoreCircuit circuit) {
        this.camel = camel;
        this.circuit = circuit;
    }

    @Override
    public void opened() {
        for (Route route : camel.getRoutes()) {
            String scheme = route.getEndpoint().getEndpointUri().split(":", 2)[0];
            if (POLLING_SOURCES.contains(scheme) && circuit.isOpen() && camel.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Started) {
                try {
                    camel.getRouteController().suspendRoute(route.getRouteId());
                    suspended.add(route.getRouteId());
                    log.warn("{} suspended while the datastore is unreachable", route.getRouteId());
                } catch (Exception e) {
                    log.warn("{} could not be suspended: {}", route.getRouteId(), e.getClass().getSimpleName());
                }
            }
        }
    }

    @Override
    public void closed() {
        for (String routeId : Set.copyOf(suspended)) {
            try {
                camel.getRouteController().resumeRoute(routeId);
                suspended.remove(routeId);
                log.info("{} resumed", routeId);
            } catch (Exception e) {
                log.warn("{} could not be resumed: {}", routeId, e.getClass().getSimpleName());
            }
        }
    }
}
