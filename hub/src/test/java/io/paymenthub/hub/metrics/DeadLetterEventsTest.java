package io.paymenthub.hub.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paymenthub.devservices.FreePorts;
import io.paymenthub.hub.delivery.DatastoreCircuit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What a dead-letter row may hold, and that a datastore nobody answers on costs a dead letter nothing but its row. */
class DeadLetterEventsTest {

    @Test
    void aReasonKeepsAtMostTheFieldItNames() {
        assertThat(DeadLetterEvents.fieldName("DE11: required")).isEqualTo("DE11");
        assertThat(DeadLetterEvents.fieldName("DE2")).isEqualTo("DE2");
        assertThat(DeadLetterEvents.fieldName("GrpHdr/MsgId: holds a card number")).isEqualTo("GrpHdr/MsgId");
        assertThat(DeadLetterEvents.fieldName("CdtTrfTxInf/IntrBkSttlmAmt/@Ccy")).isEqualTo("CdtTrfTxInf/IntrBkSttlmAmt/@Ccy");
        assertThat(DeadLetterEvents.fieldName("max-body-bytes")).isEqualTo("max-body-bytes");
    }

    @Test
    void aReasonThatIsNotAFieldNameIsNotKept() {
        assertThat(DeadLetterEvents.fieldName("4111111111111111: bad")).isEqualTo(DeadLetterEvents.UNNAMED);
        assertThat(DeadLetterEvents.fieldName("DE4111111111111111")).isEqualTo(DeadLetterEvents.UNNAMED);
        assertThat(DeadLetterEvents.fieldName("DE2 4111 1111 1111 1111")).isEqualTo(DeadLetterEvents.UNNAMED);
        assertThat(DeadLetterEvents.fieldName("Nm=John Smith")).isEqualTo(DeadLetterEvents.UNNAMED);
        assertThat(DeadLetterEvents.fieldName("")).isEqualTo(DeadLetterEvents.UNNAMED);
        assertThat(DeadLetterEvents.fieldName(null)).isEqualTo(DeadLetterEvents.UNNAMED);
        assertThat(DeadLetterEvents.fieldName("x".repeat(121))).isEqualTo(DeadLetterEvents.UNNAMED);
    }

    @Test
    void anUnreachableDatastoreNeitherFailsNorHoldsUpADeadLetter() {
        var nobody = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:" + FreePorts.next() + "/hub?connectTimeout=2", "hub", "hub");
        var meters = new SimpleMeterRegistry();
        try (var circuit = new DatastoreCircuit(nobody, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            var events = new DeadLetterEvents(nobody, meters, circuit);

            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                events.record("kafka", "DE11");
                events.record("kafka", "DE11");   // the circuit is open now: no second wait for a connection
            });

            assertThat(circuit.isOpen()).isTrue();
            assertThat(meters.get(HubMeters.DEAD_LETTERS).tag("source", "kafka").counter().count()).isEqualTo(2.0);
        }
    }
}
