package io.paymenthub.hub.faults;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.devservices.StandaloneKafka;
import io.paymenthub.hub.support.ForkedHub;
import io.paymenthub.hub.support.KafkaTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.paymenthub.hub.faults.FaultStreams.awaitStreamStored;
import static io.paymenthub.hub.faults.FaultStreams.kafkaArguments;
import static io.paymenthub.hub.faults.FaultStreams.seconds;
import static io.paymenthub.hub.faults.FaultStreams.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Kafka broker is killed and restarted under a flowing stream: the hub reconnects by itself, loses and repeats nothing. */
@Tag("faults")
@ExtendWith(DevServicesExtension.class)
class KafkaBrokerRestartFaultIT {

    @Test
    void aBrokerKilledAndRestartedMidStreamLosesNothing() throws Exception {
        String topic = "payments.brokerdown";
        String group = "payment-hub-brokerdown";
        StreamLedger ledger = new StreamLedger("BRK00001", 10_000);
        try (StandaloneKafka broker = StandaloneKafka.start(Path.of("hub/target/kafka-fault-" + System.nanoTime()))) {
            List<String> arguments = new ArrayList<>(kafkaArguments(topic, group));
            arguments.add("--hub.sources.kafka.brokers=" + broker.bootstrapServers());
            arguments.add("--camel.component.kafka.brokers=" + broker.bootstrapServers());
            try (KafkaTestClient kafka = new KafkaTestClient(broker.bootstrapServers());
                 ForkedHub hub = ForkedHub.start("hub-brokerdown", arguments).awaitReady(Duration.ofSeconds(120))) {
                CompletableFuture<Void> sending = sendPaced(kafka, topic, ledger, Duration.ofMillis(1000));
                await().atMost(Duration.ofSeconds(90)).until(ledger::stored, n -> n >= 2_000);

                broker.kill();
                // the poll in flight when the broker died is still stored; after that the hub has nothing to read
                // while the broker is down, and the producer's sends wait and retry
                long storedWhileDown = settled(ledger);
                await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(ledger::stored, n -> n == storedWhileDown);
                broker.startBroker();
                long restarted = System.nanoTime();
                await().atMost(Duration.ofSeconds(120)).until(ledger::stored, n -> n > storedWhileDown);
                double recovery = seconds(restarted);

                awaitStreamStored(sending, ledger, kafka, topic, group, Duration.ofSeconds(180));

                ledger.assertEachStoredOnce();
                assertThat(hub.readinessStatus()).isEqualTo(200);
                System.out.println(ledger.report("Kafka broker killed and restarted after 15 s during a 10,000-message stream", recovery));
            }
        }
    }

    /** The stored count once it has stopped moving: the same at two polls two seconds apart. */
    private static long settled(StreamLedger ledger) {
        AtomicLong last = new AtomicLong(-1);
        await().pollInterval(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .until(() -> {
                    long now = ledger.stored();
                    return now == last.getAndSet(now);
                });
        return last.get();
    }
}
