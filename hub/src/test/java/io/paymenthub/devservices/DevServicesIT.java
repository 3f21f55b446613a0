package io.paymenthub.devservices;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(DevServicesExtension.class)
class DevServicesIT {

    private final DevServices services = DevServices.get();

    @Test
    void publishesExactlyTheSpringPropertiesTheHubReads() {
        Map<String, String> properties = services.springProperties();

        assertThat(properties).containsOnlyKeys(
                "spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.flyway.user", "spring.flyway.password", "hub.datastore.app-role",
                "hub.sources.kafka.brokers", "hub.sources.sqs.endpoint", "hub.sources.s3.endpoint",
                "hub.archive.endpoint", "camel.component.kafka.brokers");
        properties.forEach((key, value) -> assertThat(System.getProperty(key)).as(key).isEqualTo(value));
        assertThat(DevServices.get()).isSameAs(services);
    }

    @Test
    void postgresStoresAndReturnsARow() throws Exception {
        Map<String, String> properties = services.springProperties();
        try (Connection connection = DriverManager.getConnection(properties.get("spring.datasource.url"),
                properties.get("spring.flyway.user"), properties.get("spring.flyway.password"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE devservices_check (id text PRIMARY KEY, amount_minor bigint)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO devservices_check VALUES (?, ?)")) {
                insert.setString(1, "m-1");
                insert.setLong(2, 12_345);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rows = statement.executeQuery("SELECT id, amount_minor, current_database() FROM devservices_check")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("m-1");
                assertThat(rows.getLong(2)).isEqualTo(12_345);
                assertThat(rows.getString(3)).isEqualTo("payments");
                assertThat(rows.next()).isFalse();
            }
            statement.execute("DROP TABLE devservices_check");
        }
    }

    @Test
    void kafkaRoundTripsARecord() {
        String brokers = services.springProperties().get("hub.sources.kafka.brokers");
        String topic = "devservices.check";
        services.kafka().createTopics(topic);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "m-1", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "devservices-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("m-1");
            assertThat(record.value()).isEqualTo("hello");
        });
    }

    @Test
    void kafkaCreatesUnknownTopicsWithFourPartitions() throws Exception {
        String brokers = services.springProperties().get("hub.sources.kafka.brokers");
        String topic = "devservices.auto-created";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "x")).get();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            var description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(LocalKafka.DEFAULT_PARTITIONS);
        }
    }

    @Test
    void sqsSendsAndReceivesAMessage() {
        try (SqsClient sqs = services.sqs().client()) {
            assertThat(services.springProperties().get("hub.sources.sqs.endpoint")).isEqualTo(services.sqs().endpoint());
            String queueUrl = services.sqs().createQueue("devservices-check");
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody("hello"));

            List<Message> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                received.addAll(sqs.receiveMessage(request -> request.queueUrl(queueUrl).waitTimeSeconds(1)).messages());
                return !received.isEmpty();
            });
            assertThat(received).singleElement().extracting(Message::body).isEqualTo("hello");
            sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));
        }
    }

    @Test
    void s3PutsAndGetsAnObject() {
        assertThat(services.springProperties())
                .containsEntry("hub.sources.s3.endpoint", services.s3().endpoint())
                .containsEntry("hub.archive.endpoint", services.s3().endpoint());
        services.s3().createBuckets("devservices-check");
        try (S3Client s3 = services.s3().client()) {
            s3.putObject(request -> request.bucket("devservices-check").key("inbound/m-1.xml"),
                    RequestBody.fromString("<Document/>"));

            String body = s3.getObjectAsBytes(request -> request.bucket("devservices-check").key("inbound/m-1.xml"))
                    .asUtf8String();

            assertThat(body).isEqualTo("<Document/>");
        }
    }
}
