package io.paymenthub.hub.archive;

import io.paymenthub.archive.ArchiveEnvelope;
import io.paymenthub.archive.ArchiveEnvelope.Entry;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.delivery.GroupCommit;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.ManagedKey;
import io.paymenthub.hub.s3.S3Configuration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * This region's archive of stored messages, written like the datastore: group commit. Whatever messages have
 * queued up become one object, {@code region=<id>/date=<day>/<uuid>.bin}, under a fresh data key wrapped by the
 * newest key-encryption key, with S3 server-side encryption requested as well; {@code archive_entry} records where
 * each message lies. A caller's future completes once its object and entry are written.
 */
@Component
public class RegionalArchive implements DisposableBean {

    private static final int MAX_MESSAGES_PER_OBJECT = 2000;

    private final S3Client s3;
    private final JdbcTemplate jdbc;
    private final HubKeys keys;
    private final String bucket;
    private final String region;
    private final ServerSideEncryption serverSideEncryption;
    private final GroupCommit<Entry> commits = new GroupCommit<>("archive-writer", MAX_MESSAGES_PER_OBJECT, this::archive);

    RegionalArchive(HubProperties properties, HubKeys keys, JdbcTemplate jdbc) {
        HubProperties.Archive archive = properties.archive();
        // an archive that is off makes no client and starts no writer (ArchiveConfiguration)
        this.s3 = archive.enabled() ? S3Configuration.client(archive.endpoint(), archive.region()) : null;
        this.jdbc = jdbc;
        this.keys = keys;
        this.bucket = archive.bucket();
        this.region = properties.region();
        this.serverSideEncryption = ServerSideEncryption.fromValue(archive.serverSideEncryption());
    }

    /** Queues a wiped message; the future completes once it is archived. */
    public CompletableFuture<Void> write(String messageId, byte[] wipedMessage) {
        return commits.submit(new Entry(messageId, wipedMessage));
    }

    /** The writer thread's life, started before Camel's consumers and stopped after them. */
    public GroupCommit<Entry> lifecycle() {
        return commits;
    }

    /** The wiped message as archived; only for an authorised, audited investigation. Null when not archived. */
    public byte[] read(String messageId) {
        List<Map<String, Object>> entries = jdbc.queryForList(
                "select object_key, record_offset, record_length from archive_entry where message_id = ?", messageId);
        if (entries.isEmpty() || s3 == null) {
            return null;
        }
        Map<String, Object> entry = entries.get(0);
        int offset = (Integer) entry.get("record_offset");
        int length = (Integer) entry.get("record_length");
        ResponseBytes<GetObjectResponse> record = s3.getObjectAsBytes(get -> get.bucket(bucket)
                .key((String) entry.get("object_key")).range("bytes=" + offset + "-" + (offset + length - 1)));
        return envelope().open(messageId, record.asByteArray(), record.response().metadata());
    }

    /**
     * The fewest days after which the bucket's enabled lifecycle rules expire every archive object of this region
     * (a rule over all objects, or over a prefix of {@code region=<region>/}, without tag or size conditions);
     * empty when no rule does. Needs {@code s3:GetLifecycleConfiguration} on the bucket.
     */
    public OptionalInt expirationDays() {
        List<LifecycleRule> rules;
        try {
            rules = s3.getBucketLifecycleConfiguration(get -> get.bucket(bucket)).rules();
        } catch (S3Exception e) {
            if (e.awsErrorDetails() != null && "NoSuchLifecycleConfiguration".equals(e.awsErrorDetails().errorCode())) {
                return OptionalInt.empty();
            }
            throw e;
        }
        String prefix = objectPrefix();
        return rules.stream()
                .filter(rule -> rule.status() == ExpirationStatus.ENABLED && rule.expiration() != null
                        && rule.expiration().days() != null && coversEvery(rule, prefix))
                .mapToInt(rule -> rule.expiration().days()).min();
    }

    private static boolean coversEvery(LifecycleRule rule, String prefix) {
        LifecycleRuleFilter filter = rule.filter();
        if (filter == null) {
            @SuppressWarnings("deprecation") String legacy = rule.prefix();
            return legacy == null || prefix.startsWith(legacy);
        }
        boolean conditioned = filter.tag() != null || filter.and() != null || filter.objectSizeGreaterThan() != null
                || filter.objectSizeLessThan() != null;
        return !conditioned && (filter.prefix() == null || prefix.startsWith(filter.prefix()));
    }

    /** Where this region's archive objects lie in the bucket. */
    String objectPrefix() {
        return "region=" + region + "/";
    }

    /** The archive bucket's name. */
    public String bucket() {
        return bucket;
    }

    /** The payload keys held now (they rotate): the newest seals, any held version opens. */
    public ArchiveEnvelope envelope() {
        return new ArchiveEnvelope(keys.ring().keys(KeyPurpose.PAYLOAD).stream().map(ManagedKey::material).toList());
    }

    private void archive(List<Entry> batch) {
        ArchiveEnvelope.Sealed sealed = envelope().seal(batch);
        String key = objectPrefix() + "date=" + LocalDate.now(ZoneOffset.UTC) + "/" + UUID.randomUUID() + ".bin";
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
    }

    @Override
    public void destroy() {
        if (s3 != null) {
            s3.close();
        }
    }
}
