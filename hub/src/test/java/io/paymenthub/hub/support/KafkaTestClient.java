package io.paymenthub.hub.support;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** A bank's side of Kafka in tests: produce raw messages, read a topic back, wait for the hub's group to catch up. */
public final class KafkaTestClient implements AutoCloseable {

    private final String brokers;
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaTestClient(String brokers) {
        this.brokers = brokers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // a bank's plain producer: a retried send may repeat a record, which the hub stores once; the
                // idempotent producer's sequence checks failed spuriously against the in-process broker under load
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(String topic, List<byte[]> messages) {
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>(messages.size());
        for (byte[] message : messages) {
            sent.add(producer.send(new ProducerRecord<>(topic, message)));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("send failed", e);
            }
        }
    }

    /** Every record currently on the topic, from the beginning. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Waits until the consumer group has committed everything on the topic: nothing left to redeliver. */
    public void awaitCommitted(String group, String topic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> lag(admin, group, topic) == 0);
        }
    }

    /** What the consumer group has committed on the topic, summed over its partitions: the records it will not read again. */
    public long committed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            return committed(admin, group, topic);
        }
    }

    /** Waits until the group has committed at least {@code records} of the topic; cheap enough to ask every few ms. */
    public void awaitCommitted(String group, String topic, long records, Duration timeout, Duration pollInterval) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            await().atMost(timeout).pollInterval(pollInterval).until(() -> committed(admin, group, topic) >= records);
        }
    }

    private static long committed(Admin admin, String group, String topic) {
        try {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + group, e);
        }
    }

    private static long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        long lag = 0;
        for (var entry : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(entry.getKey());
            lag += entry.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    @Override
    public void close() {
        producer.close();
    }
}
