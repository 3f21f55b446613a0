package io.paymenthub.hub.archive;

import io.paymenthub.archive.ArchiveEnvelope;
import io.paymenthub.archive.ArchiveEnvelope.Entry;
import io.paymenthub.archive.ArchiveEnvelope.Slice;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.ManagedKey;
import io.paymenthub.hub.s3.S3Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * This region's archive of stored messages, written like the datastore: group commit. Whatever messages have
 * queued up become one object, {@code region=<id>/date=<day>/<uuid>.bin}, under a fresh data key wrapped by the
 * newest key-encryption key, with S3 server-side encryption requested as well; {@code archive_entry} records where
 * each message lies. A caller's future completes once its object and entry are written.
 */
@Component
public class RegionalArchive implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegionalArchive.class);
    private static final int MAX_MESSAGES_PER_OBJECT = 2000;

    private record Pending(Entry entry, CompletableFuture<Void> done) {
    }

    private final S3Client s3;
    private final JdbcTemplate jdbc;
    private final HubKeys keys;
    private final String bucket;
    private final String region;
    private final ServerSideEncryption serverSideEncryption;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_MESSAGES_PER_OBJECT * 10);
    private volatile boolean running;
    private Thread writer;

    RegionalArchive(HubProperties properties, HubKeys keys, JdbcTemplate jdbc) {
        HubProperties.Archive archive = properties.archive();
        this.s3 = S3Configuration.client(archive.endpoint(), archive.region());
        this.jdbc = jdbc;
        this.keys = keys;
        this.bucket = archive.bucket();
        this.region = properties.region();
        this.serverSideEncryption = ServerSideEncryption.fromValue(archive.serverSideEncryption());
    }

    /** Queues a wiped message; the future completes once it is archived. */
    public CompletableFuture<Void> write(String messageId, byte[] wipedMessage) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("archive writer is not running"));
            return done;
        }
        try {
            queue.put(new Pending(new Entry(messageId, wipedMessage), done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /** The wiped message as archived; only for an authorised, audited investigation. Null when not archived. */
    public byte[] read(String messageId) {
        List<Map<String, Object>> entries = jdbc.queryForList(
                "select object_key, record_offset, record_length from archive_entry where message_id = ?", messageId);
        if (entries.isEmpty()) {
            return null;
        }
        Map<String, Object> entry = entries.get(0);
        int offset = (Integer) entry.get("record_offset");
        int length = (Integer) entry.get("record_length");
        ResponseBytes<GetObjectResponse> record = s3.getObjectAsBytes(get -> get.bucket(bucket)
                .key((String) entry.get("object_key")).range("bytes=" + offset + "-" + (offset + length - 1)));
        return envelope().open(messageId, record.asByteArray(), record.response().metadata());
    }

    /** The payload keys held now (they rotate): the newest seals, any held version opens. */
    public ArchiveEnvelope envelope() {
        return new ArchiveEnvelope(keys.ring().keys(KeyPurpose.PAYLOAD).stream().map(ManagedKey::material).toList());
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>(MAX_MESSAGES_PER_OBJECT);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_MESSAGES_PER_OBJECT - 1);
                archive(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void archive(List<Pending> batch) {
        try {
            ArchiveEnvelope.Sealed sealed = envelope().seal(batch.stream().map(Pending::entry).toList());
            String key = "region=" + region + "/date=" + LocalDate.now(ZoneOffset.UTC) + "/" + UUID.randomUUID() + ".bin";
            s3.putObject(put -> put.bucket(bucket).key(key).serverSideEncryption(serverSideEncryption)
                    .metadata(sealed.metadata()), RequestBody.fromBytes(sealed.body()));
            jdbc.batchUpdate("insert into archive_entry (message_id, object_key, record_offset, record_length)"
                            + " values (?, ?, ?, ?) on conflict (message_id) do nothing",
                    sealed.slices(), sealed.slices().size(), (ps, slice) -> {
                        ps.setString(1, slice.messageId());
                        ps.setString(2, key);
                        ps.setInt(3, slice.offset());
                        ps.setInt(4, slice.length());
                    });
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            log.warn("Archiving {} messages failed: {}", batch.size(), e.getClass().getSimpleName());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::drain, "archive-writer");
        writer.start();
    }

    /** Stops after everything already handed in is archived. */
    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            try {
                writer.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        s3.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before Camel's consumers and stops after them, like the datastore writer. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 100;
    }
}
