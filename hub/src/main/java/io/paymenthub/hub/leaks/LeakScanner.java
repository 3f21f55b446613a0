package io.paymenthub.hub.leaks;

import io.paymenthub.carddata.PanMasking;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.kafka.KafkaClientSecurity;
import io.paymenthub.hub.kafka.KafkaDeadLetterTopics;
import org.apache.camel.CamelContext;
import io.paymenthub.hub.leaks.LeakReport.Location;
import io.paymenthub.hub.leaks.LeakReport.Status;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Looks for clear PANs wherever the hub keeps data: every text column of every table of its schema, the dead-letter
 * and quarantine topics, the S3 archive, and the log files. One detector everywhere ({@link PanMasking#countClearPans}:
 * Luhn-valid 13–19 digit runs standing alone, and PANs opening track data), used by operators and auditors
 * ({@code GET /api/v1/audit/leak-scan}) and by the tests. Encrypted payloads are not opened: a PAN inside an
 * encrypted payload is not a clear PAN.
 */
@Component
public class LeakScanner {

    static final String DATASTORE = "datastore";
    static final String DEAD_LETTER = "dead-letter";
    static final String ARCHIVE = "archive";
    static final String LOG = "log";
    private static final int WHERE_LIMIT = 10;
    private static final long MAX_OBJECT_BYTES = 64L * 1024 * 1024;
    private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "character", "json", "jsonb", "xml");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final String kafkaBrokers;
    private final List<String> kafkaTopics;
    private final LeakScanProperties properties;
    private final Map<String, Object> kafkaSecurity;
    /** The last scan's report, for {@link LeakScanMeters}; null before the first. */
    private volatile LeakReport last;

    /** The dead-letter topics are read with the Kafka security settings of the routes that write them. */
    @Autowired
    public LeakScanner(JdbcTemplate jdbc, TransactionTemplate transaction, HubProperties hub, LeakScanProperties properties,
                       CamelContext camel) {
        this(jdbc, transaction, hub.sources().kafka().brokers(), deadLetterTopics(hub, properties), properties,
                KafkaClientSecurity.of(camel));
    }

    /** A scanner of other places than the configured ones (tests plant leaks in places of their own). */
    public LeakScanner(JdbcTemplate jdbc, TransactionTemplate transaction, String kafkaBrokers, List<String> kafkaTopics,
                       LeakScanProperties properties) {
        this(jdbc, transaction, kafkaBrokers, kafkaTopics, properties, Map.of());
    }

    private LeakScanner(JdbcTemplate jdbc, TransactionTemplate transaction, String kafkaBrokers, List<String> kafkaTopics,
                        LeakScanProperties properties, Map<String, Object> kafkaSecurity) {
        this.kafkaSecurity = Map.copyOf(kafkaSecurity);
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transaction.getTransactionManager());
        this.transaction.setReadOnly(true);
        this.kafkaBrokers = kafkaBrokers;
        this.kafkaTopics = kafkaTopics;
        this.properties = properties;
    }

    /** The one detector: how many clear PANs a text holds. */
    public static int clearPansIn(CharSequence text) {
        return PanMasking.countClearPans(text);
    }

    public LeakReport scan() {
        List<Location> locations = new ArrayList<>();
        locations.addAll(scanDatastore());
        kafkaTopics.forEach(topic -> locations.add(guarded(DEAD_LETTER, topic, () -> scanTopic(topic))));
        locations.add(scanArchive());
        for (String file : properties.logFiles()) {
            if (file != null && !file.isBlank()) {
                locations.addAll(scanLogs(Path.of(file)));
            }
        }
        LeakReport report = new LeakReport(Instant.now(), locations.stream().mapToLong(Location::clearPans).sum(), List.copyOf(locations));
        last = report;
        return report;
    }

    /** Clear PANs the last scan found in places of {@code kind}; 0 before the first scan. */
    long lastClearPans(String kind) {
        LeakReport report = last;
        return report == null ? 0 : report.clearPansIn(kind);
    }

    private List<Location> scanDatastore() {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try {
            jdbc.query("""
                    select table_name, column_name, data_type from information_schema.columns
                     where table_schema = current_schema() order by table_name, ordinal_position
                    """, (RowCallbackHandler) row -> {
                if (TEXT_TYPES.contains(row.getString("data_type"))) {
                    columns.computeIfAbsent(row.getString("table_name"), t -> new ArrayList<>()).add(row.getString("column_name"));
                }
            });
        } catch (RuntimeException e) {
            return List.of(failed(DATASTORE, "schema", e));
        }
        List<Location> locations = new ArrayList<>();
        columns.forEach((table, names) -> locations.add(guarded(DATASTORE, table, () -> scanTable(table, names))));
        return locations;
    }

    /** Streams the table through a cursor (read-only transaction, fetch size) instead of loading it. */
    private Location scanTable(String table, List<String> names) {
        StringBuilder select = new StringBuilder("select ");
        for (int i = 0; i < names.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(quote(names.get(i))).append("::text");
        }
        select.append(" from ").append(quote(table));
        Tally tally = new Tally();
        transaction.executeWithoutResult(status -> {
            jdbc.query(connection -> {
                var statement = connection.prepareStatement(select.toString());
                statement.setFetchSize(1000);
                return statement;
            }, (RowCallbackHandler) row -> tallyRow(row, names, tally));
        });
        return tally.location(DATASTORE, table);
    }

    private static void tallyRow(ResultSet row, List<String> names, Tally tally) throws SQLException {
        tally.items++;
        for (int i = 0; i < names.size(); i++) {
            String value = row.getString(i + 1);
            if (value != null) {
                tally.found(clearPansIn(value), names.get(i));
            }
        }
    }

    private Location scanTopic(String topic) {
        Map<String, Object> config = new LinkedHashMap<>(kafkaSecurity);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBrokers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "payment-hub-leak-scan");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(10)).get(topic);
            if (infos == null) {
                return new Location(DEAD_LETTER, topic, Status.SCANNED, 0, 0, List.of(), "topic does not exist (nothing dead-lettered)");
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Tally tally = new Tally();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    tally.items++;
                    int found = count(record.key()) + count(record.value());
                    for (Header header : record.headers()) {
                        found += count(header.value());
                    }
                    tally.found(found, record.partition() + "/" + record.offset());
                }
            }
            return tally.location(DEAD_LETTER, topic);
        }
    }

    private Location scanArchive() {
        LeakScanProperties.Archive archive = properties.archive();
        if (!archive.enabled() || archive.bucket() == null || archive.bucket().isBlank()) {
            return new Location(ARCHIVE, "s3", Status.NOT_CONFIGURED, 0, 0, List.of(), "not configured (hub.archive.enabled is false)");
        }
        String location = "s3://" + archive.bucket() + "/" + archive.prefix();
        return guarded(ARCHIVE, location, () -> {
            Tally tally = new Tally();
            try (S3Client s3 = s3Client(archive)) {
                for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(archive.bucket()).prefix(archive.prefix())).contents()) {
                    tally.items++;
                    if (object.size() > MAX_OBJECT_BYTES) {
                        tally.skipped++;
                        continue;
                    }
                    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(archive.bucket()).key(object.key()))) {
                        InputStream content = object.key().endsWith(".gz") ? new GZIPInputStream(in) : in;
                        tally.found(clearPansIn(new String(content.readAllBytes(), StandardCharsets.ISO_8859_1)), object.key());
                    }
                }
            }
            return tally.location(ARCHIVE, location);
        });
    }

    private static S3Client s3Client(LeakScanProperties.Archive archive) {
        S3ClientBuilder builder = S3Client.builder();
        if (archive.region() != null && !archive.region().isBlank()) {
            builder.region(Region.of(archive.region()));
        }
        if (archive.endpoint() != null && !archive.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(archive.endpoint())).forcePathStyle(true);
        }
        return builder.build();
    }

    /** The file and its rolled siblings ({@code hub.log.2026-11-26.0.gz}); a missing file is reported, not failed. */
    private List<Location> scanLogs(Path file) {
        Set<Path> files = new LinkedHashSet<>();
        files.add(file);
        Path directory = file.toAbsolutePath().getParent();
        if (directory != null && Files.isDirectory(directory)) {
            try (DirectoryStream<Path> rolled = Files.newDirectoryStream(directory, file.getFileName() + ".*")) {
                rolled.forEach(sibling -> files.add(file.resolveSibling(sibling.getFileName())));
            } catch (IOException e) {
                return List.of(failed(LOG, file.toString(), e));
            }
        }
        List<Location> locations = new ArrayList<>();
        for (Path each : files) {
            if (!Files.exists(each)) {
                locations.add(new Location(LOG, each.toString(), Status.SCANNED, 0, 0, List.of(), "no such file yet"));
                continue;
            }
            locations.add(guarded(LOG, each.toString(), () -> scanLog(each)));
        }
        return locations;
    }

    private static Location scanLog(Path file) throws IOException {
        Tally tally = new Tally();
        InputStream raw = Files.newInputStream(file);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = lines.readLine()) != null) {
                tally.items++;
                tally.found(clearPansIn(line), "line " + tally.items);
            }
        }
        return tally.location(LOG, file.toString());
    }

    private static int count(byte[] bytes) {
        return bytes == null ? 0 : clearPansIn(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private interface Scan {
        Location run() throws Exception;
    }

    /** A location that cannot be read is reported as failed; the scan goes on with the others. */
    private static Location guarded(String kind, String location, Scan scan) {
        try {
            return scan.run();
        } catch (Exception e) {
            return failed(kind, location, e);
        }
    }

    private static Location failed(String kind, String location, Exception e) {
        return new Location(kind, location, Status.FAILED, 0, 0, List.of(), "could not be read: " + e.getClass().getSimpleName());
    }

    private static final class Tally {
        long items;
        long clearPans;
        long skipped;
        final Set<String> where = new LinkedHashSet<>();

        void found(int count, String place) {
            if (count > 0) {
                clearPans += count;
                if (where.size() < WHERE_LIMIT) {
                    where.add(place);
                }
            }
        }

        Location location(String kind, String location) {
            return new Location(kind, location, Status.SCANNED, items, clearPans, List.copyOf(where),
                    skipped == 0 ? null : skipped + " objects over 64 MiB not read");
        }
    }

    private static List<String> deadLetterTopics(HubProperties hub, LeakScanProperties properties) {
        Set<String> topics = new LinkedHashSet<>(KafkaDeadLetterTopics.of(hub));
        topics.addAll(properties.extraKafkaTopics());
        return List.copyOf(topics);
    }
}
