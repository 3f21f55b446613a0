package io.paymenthub.hub.delivery;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** Readiness: out of service while the datastore circuit is open, back in by itself when a probe succeeds. */
final class DatastoreCircuitHealth implements HealthIndicator {

    private final DatastoreCircuit circuit;

    DatastoreCircuitHealth(DatastoreCircuit circuit) {
        this.circuit = circuit;
    }

    @Override
    public Health health() {
        Health.Builder health = circuit.isOpen() ? Health.outOfService().withDetail("openForMs", circuit.openForMillis()) : Health.up();
        return health.withDetail("timesOpened", circuit.timesOpened()).build();
    }
}
