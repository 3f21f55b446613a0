package io.paymenthub.hub.archive;

import io.paymenthub.archive.ArchiveEnvelope;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.ManagedKey;
import io.paymenthub.hub.s3.S3Configuration;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * This region's archive of stored messages: the wiped raw message, envelope-encrypted (a data key per object,
 * wrapped by the key-encryption key), one object per message under {@code region=<id>/date=<day>/<sha-256 of id>.bin}.
 * The key is derived from the id, so an authorised reader finds a message by id and day without an index, and
 * the object name reveals nothing of the id.
 */
@Component
public class RegionalArchive implements DisposableBean {

    private final S3Client s3;
    private final String bucket;
    private final String region;
    private final ServerSideEncryption serverSideEncryption;
    private final HubKeys keys;
    private final ExecutorService writers = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "archive-writer");
        thread.setDaemon(true);
        return thread;
    });

    RegionalArchive(HubProperties properties, HubKeys keys) {
        HubProperties.Archive archive = properties.archive();
        this.s3 = S3Configuration.client(archive.endpoint(), archive.region());
        this.bucket = archive.bucket();
        this.region = properties.region();
        this.serverSideEncryption = ServerSideEncryption.fromValue(archive.serverSideEncryption());
        this.keys = keys;
    }

    /** Writes asynchronously; the future completes once the object is stored. */
    public CompletableFuture<Void> write(String messageId, Instant receivedAt, byte[] wipedMessage) {
        return CompletableFuture.runAsync(() -> {
            ArchiveEnvelope.Sealed sealed = envelope().seal(messageId, wipedMessage);
            s3.putObject(put -> put.bucket(bucket).key(key(messageId, receivedAt))
                    .serverSideEncryption(serverSideEncryption).metadata(sealed.metadata()), RequestBody.fromBytes(sealed.body()));
        }, writers);
    }

    /** The wiped message as archived; only for an authorised, audited investigation. */
    public byte[] read(String messageId, Instant receivedAt) {
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(get -> get.bucket(bucket).key(key(messageId, receivedAt)));
        return envelope().open(messageId, object.asByteArray(), object.response().metadata());
    }

    /** The payload keys held now (they rotate): the newest seals, any held version opens. */
    public ArchiveEnvelope envelope() {
        return new ArchiveEnvelope(keys.ring().keys(KeyPurpose.PAYLOAD).stream().map(ManagedKey::material).toList());
    }

    public String key(String messageId, Instant receivedAt) {
        LocalDate day = receivedAt.atZone(ZoneOffset.UTC).toLocalDate();
        return "region=" + region + "/date=" + day + "/" + sha256(messageId) + ".bin";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        writers.shutdown();
        s3.close();
    }
}
