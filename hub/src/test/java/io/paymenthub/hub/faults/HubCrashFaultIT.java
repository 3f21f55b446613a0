package io.paymenthub.hub.faults;

import io.paymenthub.devservices.DevServicesExtension;
import io.paymenthub.hub.support.ForkedHub;
import io.paymenthub.hub.support.KafkaTestClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.paymenthub.hub.faults.FaultStreams.awaitStreamStored;
import static io.paymenthub.hub.faults.FaultStreams.brokers;
import static io.paymenthub.hub.faults.FaultStreams.kafkaArguments;
import static io.paymenthub.hub.faults.FaultStreams.seconds;
import static io.paymenthub.hub.faults.FaultStreams.sendPaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hub's process dies, by SIGKILL or SIGTERM, while a Kafka stream flows: nothing is lost, nothing stored twice. */
@Tag("faults")
@ExtendWith(DevServicesExtension.class)
class HubCrashFaultIT {

    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void killedTwiceMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        String topic = "payments.crash";
        String group = "payment-hub-crash";
        StreamLedger ledger = new StreamLedger("KIL00001", 20_000);
        try (KafkaTestClient kafka = new KafkaTestClient(brokers())) {
            CompletableFuture<Void> sending = sendPaced(kafka, topic, ledger, Duration.ZERO);
            double recovery = 0;   // the longest from a restart after kill -9 to ready
            for (int crash = 1; crash <= 2; crash++) {
                long target = ledger.sent() * crash / 3L;
                try (ForkedHub hub = ForkedHub.start("hub-crash-" + crash, kafkaArguments(topic, group))) {
                    long started = System.nanoTime();
                    hub.awaitReady(START);
                    recovery = crash == 1 ? 0 : Math.max(recovery, seconds(started));
                    await().atMost(Duration.ofSeconds(180)).until(ledger::stored, n -> n >= target);
                    hub.kill();
                }
                assertThat(ledger.stored()).as("rows after kill -9 number %d", crash).isLessThan(ledger.sent());
            }
            try (ForkedHub last = ForkedHub.start("hub-crash-3", kafkaArguments(topic, group))) {
                long started = System.nanoTime();
                last.awaitReady(START);
                recovery = Math.max(recovery, seconds(started));
                awaitStreamStored(sending, ledger, kafka, topic, group, Duration.ofSeconds(240));
            }

            ledger.assertEachStoredOnce();
            System.out.println(ledger.report("kill -9 of the hub, twice, 20,000-message Kafka stream", recovery));
        }
    }

    @Test
    void sigtermMidStreamCommitsWhatItStoredAndExits() throws Exception {
        String topic = "payments.sigterm";
        String group = "payment-hub-sigterm";
        StreamLedger ledger = new StreamLedger("TRM00001", 5_000);
        try (KafkaTestClient kafka = new KafkaTestClient(brokers())) {
            CompletableFuture<Void> sending = sendPaced(kafka, topic, ledger, Duration.ZERO);
            try (ForkedHub hub = ForkedHub.start("hub-sigterm", kafkaArguments(topic, group))) {
                hub.awaitReady(START);
                await().atMost(Duration.ofSeconds(120)).until(ledger::stored, n -> n >= 1_000);
                long signalled = System.nanoTime();

                int exit = hub.terminate(Duration.ofSeconds(60));

                // stopped consuming, finished the batch in flight and committed it: what is stored is exactly
                // what the group will not read again
                assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
                assertThat(kafka.committed(group, topic)).isEqualTo(ledger.stored());
                System.out.printf("SIGTERM: exited %d in %.1f s with %d stored and committed%n", exit, seconds(signalled), ledger.stored());
            }
            try (ForkedHub again = ForkedHub.start("hub-sigterm-2", kafkaArguments(topic, group))) {
                again.awaitReady(START);
                awaitStreamStored(sending, ledger, kafka, topic, group, Duration.ofSeconds(120));
            }
            ledger.assertEachStoredOnce();
        }
    }
}
