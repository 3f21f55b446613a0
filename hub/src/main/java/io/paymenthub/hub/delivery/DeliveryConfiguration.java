package io.paymenthub.hub.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.metrics.HubMeters;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {

    @Bean
    DatastoreCircuit datastoreCircuit(DataSource dataSource, HubProperties properties, CamelContext camel) {
        HubProperties.Delivery delivery = properties.delivery();
        DatastoreCircuit circuit = new DatastoreCircuit(dataSource, delivery.outageBackoff(), delivery.outageMaxBackoff());
        circuit.addListener(new PauseSourcesDuringOutage(camel, circuit));
        return circuit;
    }

    /** How long writes have been failing at once: an outage of minutes is alerted on (docs/alerts.md). */
    @Bean
    MeterBinder datastoreCircuitMeters(DatastoreCircuit circuit) {
        return registry -> Gauge.builder(HubMeters.DATASTORE_CIRCUIT_OPEN, circuit, c -> c.openForMillis() / 1000.0)
                .baseUnit("seconds")
                .description("Time the datastore circuit has been open (writes failing at once), 0 while closed")
                .register(registry);
    }

    /** {@code datastoreCircuit} in the health groups: part of readiness. */
    @Bean
    HealthIndicator datastoreCircuitHealthIndicator(DatastoreCircuit circuit) {
        return new DatastoreCircuitHealth(circuit);
    }

    @Bean
    PaymentWriter paymentWriter(JdbcTemplate jdbc, TransactionTemplate transactions, HubProperties properties, DatastoreCircuit circuit) {
        return new PaymentWriter(jdbc, transactions, properties.delivery().batchSize(), circuit);
    }

    /** The writer's thread, as a lifecycle bean so it starts before the consumers and stops after them. */
    @Bean
    GroupCommit<PaymentWriter.Row> paymentWriterLifecycle(PaymentWriter writer) {
        return writer.lifecycle();
    }

    @Bean
    StorePaymentProcessor storePayment(PaymentWriter writer, HubProperties properties) {
        return new StorePaymentProcessor(writer, properties.delivery().timeout());
    }

    /** Opens a batch: every store made while splitting it is waited for by {@link #awaitDeliveries}. */
    @Bean
    Processor openDeliveries() {
        return exchange -> exchange.setProperty(PendingDeliveries.PROPERTY, new PendingDeliveries());
    }

    /** A batch source's first step: while the datastore is unreachable, wait for it (bounded) instead of failing the batch. */
    @Bean
    Processor awaitDatastore(DatastoreCircuit circuit, HubProperties properties) {
        return exchange -> circuit.awaitClosed(properties.delivery().outageMaxBackoff().multipliedBy(2));
    }

    @Bean
    Processor awaitDeliveries(HubProperties properties) {
        return exchange -> exchange.getProperty(PendingDeliveries.PROPERTY, PendingDeliveries.class)
                .await(properties.delivery().timeout());
    }
}
