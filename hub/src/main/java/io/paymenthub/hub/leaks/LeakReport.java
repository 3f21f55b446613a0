package io.paymenthub.hub.leaks;

import java.time.Instant;
import java.util.List;

/**
 * What a leak scan found, by location. It counts clear PANs and says where they are (table column, topic offset,
 * object key, log line), never what they are.
 */
public record LeakReport(Instant scannedAt, long clearPans, List<Location> locations) {

    public enum Status { SCANNED, NOT_CONFIGURED, FAILED }

    /**
     * @param kind      datastore, dead-letter, archive or log
     * @param location  e.g. {@code payment}, {@code payments.inbound.dlt}, {@code s3://payments-archive-in/}, a file
     * @param items     rows, records, objects or lines read
     * @param where     up to ten places of the finds: column, partition/offset, object key or line number
     */
    public record Location(String kind, String location, Status status, long items, long clearPans, List<String> where,
                           String detail) {
    }

    public boolean clean() {
        return clearPans == 0 && locations.stream().noneMatch(l -> l.status() == Status.FAILED);
    }

    public long clearPansIn(String kind) {
        return locations.stream().filter(l -> l.kind().equals(kind)).mapToLong(Location::clearPans).sum();
    }
}
