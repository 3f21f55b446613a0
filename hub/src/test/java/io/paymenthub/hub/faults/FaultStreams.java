package io.paymenthub.hub.faults;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;

/** What the fault scenarios share: the stream they send, the forked hub's Kafka settings, elapsed time. */
final class FaultStreams {

    private FaultStreams() {
    }

    /** The scenario's messages in chunks of 500, {@code pause} apart: a stream that spans the fault. */
    static CompletableFuture<Void> sendPaced(KafkaTestClient kafka, String topic, StreamLedger ledger, Duration pause) {
        List<byte[]> messages = SampleMessages.iso8583India(ledger.terminal(), 1, ledger.sent());
        return CompletableFuture.runAsync(() -> {
            for (int from = 0; from < messages.size(); from += 500) {
                kafka.send(topic, messages.subList(from, Math.min(from + 500, messages.size())));
                LockSupport.parkNanos(pause.toNanos());   // pacing a load generator, not waiting for a condition
            }
        });
    }

    /** The end of a Kafka scenario: the whole stream sent, every message stored and its offset committed. */
    static void awaitStreamStored(CompletableFuture<Void> sending, StreamLedger ledger, KafkaTestClient kafka,
                                  String topic, String group, Duration timeout) throws Exception {
        sending.get();
        await().atMost(timeout).until(ledger::stored, n -> n >= ledger.sent());
        kafka.awaitCommitted(group, topic, Duration.ofSeconds(60));
    }

    static List<String> kafkaArguments(String topic, String group) {
        return List.of("--hub.sources.kafka.topic=" + topic, "--hub.sources.kafka.group-id=" + group,
                "--hub.sources.http.enabled=false");
    }

    static String brokers() {
        return DevServices.get().springProperties().get("hub.sources.kafka.brokers");
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
