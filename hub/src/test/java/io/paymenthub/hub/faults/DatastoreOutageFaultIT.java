package io.paymenthub.hub.faults;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.hub.support.ForkedHub;
import io.paymenthub.hub.support.KafkaTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.paymenthub.hub.faults.FaultStreams.awaitStreamStored;
import static io.paymenthub.hub.faults.FaultStreams.brokers;
import static io.paymenthub.hub.faults.FaultStreams.kafkaArguments;
import static io.paymenthub.hub.faults.FaultStreams.seconds;
import static io.paymenthub.hub.faults.FaultStreams.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stops for 20 s in the middle of a Kafka stream: readiness goes out of service, the Kafka batches wait
 * for the datastore instead of replaying in a loop, and when the datastore is back everything is stored once, with no one's help.
 */
@Tag("faults")
@ExtendWith(DevServicesExtension.class)
class DatastoreOutageFaultIT {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Test
    void aTwentySecondOutageLosesNothingAndRecoversByItself() throws Exception {
        String topic = "payments.pgdown";
        String group = "payment-hub-pgdown";
        StreamLedger ledger = new StreamLedger("PGD00001", 10_000);
        try (KafkaTestClient kafka = new KafkaTestClient(brokers());
             ForkedHub hub = ForkedHub.start("hub-pgdown", kafkaArguments(topic, group)).awaitReady(Duration.ofSeconds(120))) {
            CompletableFuture<Void> sending = sendPaced(kafka, topic, ledger, Duration.ofMillis(1500));
            await().atMost(Duration.ofSeconds(60)).until(ledger::stored, n -> n >= 1_000);

            DevServices.get().postgres().stopServer();
            long restarted;
            try {
                await().atMost(Duration.ofSeconds(15)).until(hub::readinessStatus, status -> status == 503);
                // readiness stays out of service for as long as the datastore is down
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(hub::readinessStatus, status -> status == 503);
            } finally {
                DevServices.get().postgres().startServer();
                restarted = System.nanoTime();
            }
            await().atMost(Duration.ofSeconds(60)).until(hub::readinessStatus, status -> status == 200);
            double recovery = seconds(restarted);
            awaitStreamStored(sending, ledger, kafka, topic, group, Duration.ofSeconds(180));

            ledger.assertEachStoredOnce();
            assertThat(kafka.readAll(topic + ".dlt")).as("nothing dead-lettered for a transient fault").isEmpty();
            String log = Files.readString(hub.log());
            assertThat(log).contains("circuit open", "circuit closed");
            System.out.println(ledger.report("PostgreSQL stopped for 20 s during a 10,000-message Kafka stream", recovery));
        }
    }
}
