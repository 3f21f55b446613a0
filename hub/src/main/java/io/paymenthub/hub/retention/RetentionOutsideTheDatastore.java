package io.paymenthub.hub.retention;

import io.paymenthub.hub.archive.RegionalArchive;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.kafka.KafkaDeadLetterTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The stores the hub does not purge itself but whose retention it checks: the archive objects, expired by the
 * bucket's lifecycle rule, and the Kafka dead-letter and quarantine topics, by their {@code retention.ms}. Checked at
 * start-up (a store that does not hold is logged as an error) and on every retention report; never changed by the
 * hub, which needs only read access to those settings.
 */
final class RetentionOutsideTheDatastore {

    static final String ARCHIVE_OBJECTS = "archive-objects";
    static final String DEAD_LETTER_TOPICS = "dead-letter-topics";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RetentionOutsideTheDatastore.class);

    private final RetentionProperties retention;
    private final String region;
    private final Supplier<RegionalArchive> archive;
    private final List<String> topics;
    private final Map<String, Object> kafkaClient;

    /**
     * {@code archive}: the region's archive, or null when it is off; {@code topics}: the Kafka topics to check, with
     * the client properties (brokers and the routes' security settings) that reach them.
     */
    RetentionOutsideTheDatastore(RetentionProperties retention, String region, Supplier<RegionalArchive> archive,
                                 List<String> topics, Map<String, Object> kafkaClient) {
        this.retention = retention;
        this.region = region;
        this.archive = archive;
        this.topics = List.copyOf(topics);
        this.kafkaClient = Map.copyOf(kafkaClient);
    }

    /** The topics the hub writes to here: the feed's dead letters when the Kafka feed is on, the quarantine topic when it is Kafka's. */
    static List<String> kafkaTopics(HubProperties hub) {
        String feedDeadLetters = hub.sources().kafka().topic() + ".dlt";
        return KafkaDeadLetterTopics.of(hub).stream()
                .filter(topic -> hub.sources().kafka().enabled() || !topic.equals(feedDeadLetters)).toList();
    }

    List<RetentionReport.Store> check(Instant now) {
        List<RetentionReport.Store> stores = new ArrayList<>();
        stores.add(archiveObjects(now));
        stores.addAll(deadLetterTopics(now));
        return stores;
    }

    /** Logs each store that does not hold; run once the hub has started. */
    void checkAtStartUp() {
        try {
            for (RetentionReport.Store store : check(Instant.now())) {
                String where = store.location() == null ? store.store() : store.store() + " " + store.location();
                if (store.holds()) {
                    log.info("Retention of {}: {} holds ({})", where, store.retention(), store.enforcedBy());
                } else {
                    log.error("Retention of {} not enforced: {}", where, store.problem());
                }
            }
        } catch (RuntimeException e) {
            log.error("Retention outside the datastore not checked: {}", e.toString());
        }
    }

    private RetentionReport.Store archiveObjects(Instant now) {
        Period period = retention.periods(region).get(RetainedStore.ARCHIVE_INDEX);
        RegionalArchive regional = archive.get();
        if (regional == null) {
            return new RetentionReport.Store(ARCHIVE_OBJECTS, null, period.toString(), "maximum", "archive off",
                    null, null, false, true, null);
        }
        long allowed = span(now, period).toDays();
        String enforcedBy = "the bucket's lifecycle rule";
        String problem;
        try {
            OptionalInt days = regional.expirationDays();
            if (days.isEmpty()) {
                problem = "no enabled lifecycle rule of the bucket expires the region's objects (docs/compliance.md)";
            } else {
                enforcedBy = "the bucket's lifecycle rule: objects expire after " + days.getAsInt() + " days";
                problem = days.getAsInt() <= allowed ? null
                        : "the bucket's lifecycle rule keeps objects " + days.getAsInt() + " days, more than " + period + " (" + allowed + " days)";
            }
        } catch (RuntimeException e) {
            problem = "the bucket's lifecycle rules could not be read: " + e.getClass().getSimpleName();
        }
        return new RetentionReport.Store(ARCHIVE_OBJECTS, "s3://" + regional.bucket() + "/region=" + region + "/",
                period.toString(), "maximum", enforcedBy, null, null, false, problem == null, problem);
    }

    private List<RetentionReport.Store> deadLetterTopics(Instant now) {
        if (topics.isEmpty()) {
            return List.of();
        }
        Period period = retention.deadLetterTopics(region);
        long allowedMs = span(now, period).toMillis();
        Map<String, Object> client = new HashMap<>(kafkaClient);
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        List<RetentionReport.Store> stores = new ArrayList<>();
        try (Admin admin = Admin.create(client)) {
            for (String topic : topics) {
                stores.add(topic(admin, topic, period, allowedMs));
            }
        }
        return stores;
    }

    private RetentionReport.Store topic(Admin admin, String topic, Period period, long allowedMs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        String enforcedBy = "the topic's " + TopicConfig.RETENTION_MS_CONFIG;
        String problem;
        try {
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(KAFKA_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
            long ms = entry == null ? -1 : Long.parseLong(entry.value());
            enforcedBy += " = " + ms;
            problem = ms > 0 && ms <= allowedMs ? null : TopicConfig.RETENTION_MS_CONFIG + " " + ms
                    + (ms < 0 ? " keeps messages for ever" : " is more than " + period + " (" + allowedMs + " ms)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return new RetentionReport.Store(DEAD_LETTER_TOPICS, "kafka:" + topic, period.toString(), "maximum",
                        "not created yet: nothing kept", null, null, false, true, null);
            }
            problem = "the topic's configuration could not be read: " + e.getCause().getClass().getSimpleName();
        } catch (TimeoutException e) {
            problem = "the topic's configuration could not be read in " + KAFKA_TIMEOUT.toSeconds() + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        return new RetentionReport.Store(DEAD_LETTER_TOPICS, "kafka:" + topic, period.toString(), "maximum", enforcedBy,
                null, null, false, problem == null, problem);
    }

    /** How long {@code period} is, counted back from {@code now} in UTC (a month or a year is not a fixed length). */
    private static Duration span(Instant now, Period period) {
        return Duration.between(now.atOffset(ZoneOffset.UTC).minus(period), now.atOffset(ZoneOffset.UTC));
    }
}
