package io.paymenthub.hub.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The quarterly evidence (PCI DSS 3.2.1): per store its retention, the oldest item it holds and whether anything is
 * past the retention; {@code clean} when every store holds. For the audit trail the retention is the least it
 * keeps, and it holds when nothing younger than that has been removed. {@code location} names the bucket or topic of
 * a store outside the datastore.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RetentionReport(String region, Instant at, boolean clean, List<Store> stores,
                       @JsonProperty("last_purge") Map<String, Object> lastPurge) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Store(String store, String location, String retention, String kind, @JsonProperty("enforced_by") String enforcedBy,
                 Instant cutoff, Instant oldest, @JsonProperty("past_retention") boolean pastRetention,
                 boolean holds, String problem) {
    }
}
