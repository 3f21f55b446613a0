package io.paymenthub.hub.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123456Z");

    @Test
    void theHashCoversEveryFieldAndThePreviousHash() {
        String hash = hash(AuditChain.GENESIS, "analyst", List.of("m-1", "m-2"), "{\"rows\":2}");

        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(hash(AuditChain.GENESIS, "analyst", List.of("m-1", "m-2"), "{\"rows\":2}")).isEqualTo(hash);
        assertThat(hash("1".repeat(64), "analyst", List.of("m-1", "m-2"), "{\"rows\":2}")).isNotEqualTo(hash);
        assertThat(hash(AuditChain.GENESIS, "analyst2", List.of("m-1", "m-2"), "{\"rows\":2}")).isNotEqualTo(hash);
        assertThat(hash(AuditChain.GENESIS, "analyst", List.of("m-1"), "{\"rows\":2}")).isNotEqualTo(hash);
        assertThat(hash(AuditChain.GENESIS, "analyst", List.of("m-1", "m-2"), "{\"rows\":3}")).isNotEqualTo(hash);
    }

    @Test
    void fieldsCannotBeShiftedIntoTheirNeighbours() {
        // "ab" + "c" and "a" + "bc" join to the same text; the length prefixes keep them apart
        assertThat(hash(AuditChain.GENESIS, "ab", List.of("c"), "{}"))
                .isNotEqualTo(hash(AuditChain.GENESIS, "a", List.of("bc"), "{}"));
        assertThat(hash(AuditChain.GENESIS, "x", List.of("a", "b"), "{}"))
                .isNotEqualTo(hash(AuditChain.GENESIS, "x", List.of("a;b"), "{}"));
    }

    private static String hash(String previous, String actor, List<String> records, String detail) {
        return AuditChain.hash(previous, 7, AT, actor, "analyst", "PAYMENT_QUERY", "GET /api/v1/payments", "SUCCESS",
                "127.0.0.1", records, detail);
    }
}
