package io.paymenthub.hub.leaks;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * Where the leak scanner looks besides the datastore (every text column of every table of the hub's schema) and
 * the dead-letter topics it derives from the sources ({@code <topic>.dlt}) and the quarantine URI.
 *
 * @param extraKafkaTopics more topics to scan, e.g. another source's dead-letter topic
 * @param logFiles         log files; each is scanned with its rolled siblings ({@code hub.log.2026-11-26.0.gz})
 * @param archive          the S3 archive; scanned only when enabled
 */
public record LeakScanProperties(@DefaultValue List<String> extraKafkaTopics,
                                 @NotNull List<String> logFiles,
                                 @NotNull Archive archive) {

    /** An S3 bucket (and prefix) to scan object by object; {@code endpoint} for an S3-compatible server. */
    public record Archive(boolean enabled, String bucket, @DefaultValue("") String prefix, String endpoint, String region) {
    }
}
