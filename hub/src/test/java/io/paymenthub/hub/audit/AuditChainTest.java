package io.paymenthub.hub.audit;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private static final Instant AT = Instant.parse("2026-11-26T10:15:30.123456Z");
    private static final byte[] KEY = filled(7);
    private static final String KEY_ID = "local-audit-v1";

    @Test
    void theHashCoversEveryFieldThePreviousHashAndTheKeyId() {
        String hash = hash(AuditChain.GENESIS, "analyst", List.of("m-1", "m-2"), "{\"rows\":2}");

        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(hash(AuditChain.GENESIS, "analyst", List.of("m-1", "m-2"), "{\"rows\":2}")).isEqualTo(hash);
        assertThat(hash("1".repeat(64), "analyst", List.of("m-1", "m-2"), "{\"rows\":2}")).isNotEqualTo(hash);
        assertThat(hash(AuditChain.GENESIS, "analyst2", List.of("m-1", "m-2"), "{\"rows\":2}")).isNotEqualTo(hash);
        assertThat(hash(AuditChain.GENESIS, "analyst", List.of("m-1"), "{\"rows\":2}")).isNotEqualTo(hash);
        assertThat(hash(AuditChain.GENESIS, "analyst", List.of("m-1", "m-2"), "{\"rows\":3}")).isNotEqualTo(hash);
        assertThat(AuditChain.keyedHash(KEY, "local-audit-v2", AuditChain.GENESIS, 7, AT, "analyst", "analyst", "PAYMENT_QUERY",
                "GET /api/v1/payments", "SUCCESS", "127.0.0.1", List.of("m-1", "m-2"), "{\"rows\":2}")).isNotEqualTo(hash);
    }

    @Test
    void itIsHmacSha256UnderTheAuditKeyOverThePreviousHashAndTheCanonicalRow() throws Exception {
        String canonical = AuditChain.GENESIS + "1:7;27:2026-11-26T10:15:30.123456Z;7:analyst;7:analyst;13:PAYMENT_QUERY;"
                + "20:GET /api/v1/payments;7:SUCCESS;9:127.0.0.1;1:1;3:m-1;2:{};14:local-audit-v1;";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));

        assertThat(hash(AuditChain.GENESIS, "analyst", List.of("m-1"), "{}"))
                .isEqualTo(HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void withoutTheKeyTheHashCannotBeRecomputedNeitherWithAnotherKeyNorWithPlainSha256() {
        String keyed = hash(AuditChain.GENESIS, "analyst", List.of("m-1"), "{}");

        assertThat(AuditChain.keyedHash(filled(8), KEY_ID, AuditChain.GENESIS, 7, AT, "analyst", "analyst", "PAYMENT_QUERY",
                "GET /api/v1/payments", "SUCCESS", "127.0.0.1", List.of("m-1"), "{}")).isNotEqualTo(keyed);
        assertThat(AuditChain.plainHash(AuditChain.GENESIS, 7, AT, "analyst", "analyst", "PAYMENT_QUERY",
                "GET /api/v1/payments", "SUCCESS", "127.0.0.1", List.of("m-1"), "{}")).isNotEqualTo(keyed);
    }

    @Test
    void rowsWrittenBeforeTheChainWasKeyedKeepThePlainSha256Rule() throws Exception {
        String canonical = AuditChain.GENESIS + "1:7;27:2026-11-26T10:15:30.123456Z;7:analyst;7:analyst;13:PAYMENT_QUERY;"
                + "20:GET /api/v1/payments;7:SUCCESS;9:127.0.0.1;1:1;3:m-1;2:{};";

        assertThat(AuditChain.plainHash(AuditChain.GENESIS, 7, AT, "analyst", "analyst", "PAYMENT_QUERY",
                "GET /api/v1/payments", "SUCCESS", "127.0.0.1", List.of("m-1"), "{}"))
                .isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(canonical.getBytes(StandardCharsets.UTF_8))));
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
        return AuditChain.keyedHash(KEY, KEY_ID, previous, 7, AT, actor, "analyst", "PAYMENT_QUERY", "GET /api/v1/payments",
                "SUCCESS", "127.0.0.1", records, detail);
    }

    private static byte[] filled(int value) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) value);
        return key;
    }
}
