package io.paymenthub.hub.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.LocalPostgres;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.ManagedKey;
import io.paymenthub.hub.metrics.HubMeters;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.sql.Array;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the database owner (or a superuser) can do to the audit trail and what verification then says: a row edited
 * and every later hash recomputed with plain SHA-256, as the chain was hashed before it was keyed, is named; rows cut
 * from the end after the hub anchored its head are caught by that anchor; a row edited since the hub's last check of
 * the chain turns {@code hub_audit_chain_valid} to 0; an untouched chain holds across a rotation of the audit key.
 * Every test leaves the chain as it found it, for the other tests of the shared hub.
 */
class AuditChainIT extends HubIntegrationTest {

    /** {@link AuditLog}'s advisory lock: held by the owner, the hub's appends wait while history is rewritten. */
    private static final long CHAIN_LOCK = 0x6175646974L;

    @Autowired
    TestRestTemplate http;
    @Autowired
    AuditAnchors anchors;
    @Autowired
    HubKeys keys;
    @Autowired
    AuditChainCheck chainCheck;
    @Autowired
    MeterRegistry meters;

    @Test
    void anEditedRowWithEveryLaterHashRecomputedWithPlainSha256IsNamed() throws Exception {
        queryAsAnalyst();
        queryAsAnalyst();
        queryAsAnalyst();
        assertThat(verify().getStatusCode().value()).isEqualTo(200);
        JdbcTemplate owner = owner();
        CompletableFuture<ResponseEntity<Map>> tampered;
        long target;
        owner.query("select pg_advisory_lock(?)", (org.springframework.jdbc.core.RowCallbackHandler) rs -> { }, CHAIN_LOCK);
        try {
            target = owner.queryForObject("select max(seq) - 2 from audit_event", Long.class);
            owner.execute("create temp table original as select * from audit_event where seq >= " + target);
            withoutTrigger(owner, () -> {
                owner.update("update audit_event set actor = 'someone-else' where seq = ?", target);
                recomputeWithPlainSha256(owner, target);
            });

            tampered = CompletableFuture.supplyAsync(this::verify);
            awaitAnAppendWaitingForTheChain();

            withoutTrigger(owner, () -> {
                owner.update("delete from audit_event where seq >= ?", target);
                owner.update("insert into audit_event select * from original");
            });
        } finally {
            owner.execute("drop table if exists original");
            owner.query("select pg_advisory_unlock(?)", (org.springframework.jdbc.core.RowCallbackHandler) rs -> { }, CHAIN_LOCK);
        }

        ResponseEntity<Map> after = tampered.get(30, TimeUnit.SECONDS);
        assertThat(after.getStatusCode().value()).isEqualTo(409);
        assertThat(after.getBody()).containsEntry("valid", false).containsEntry("first_invalid_seq", (int) target);
        assertThat((String) after.getBody().get("problem")).contains("no audit key id after keyed row", "plain SHA-256");
        assertThat(verify().getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void rowsCutFromTheEndAfterAnAnchorAreCaughtByTheAnchor() throws Exception {
        queryAsAnalyst();
        queryAsAnalyst();
        AuditAnchor written = anchors.anchor();
        assertThat(written.keyId()).isEqualTo(keys.ring().newest(KeyPurpose.AUDIT).id());
        assertThat(verify().getBody()).containsEntry("valid", true).containsKey("anchor");

        JdbcTemplate owner = owner();
        CompletableFuture<ResponseEntity<Map>> cut;
        AuditAnchor anchor;
        long kept;
        owner.query("select pg_advisory_lock(?)", (org.springframework.jdbc.core.RowCallbackHandler) rs -> { }, CHAIN_LOCK);
        try {
            anchor = anchors.anchor(); // the head as it stands while nothing can append
            kept = anchor.seq() - 2;
            owner.execute("create temp table cut as select * from audit_event where seq > " + kept);
            withoutTrigger(owner, () -> owner.update("delete from audit_event where seq > ?", kept));

            cut = CompletableFuture.supplyAsync(this::verify);
            awaitAnAppendWaitingForTheChain();

            owner.update("insert into audit_event select * from cut");
        } finally {
            owner.execute("drop table if exists cut");
            owner.query("select pg_advisory_unlock(?)", (org.springframework.jdbc.core.RowCallbackHandler) rs -> { }, CHAIN_LOCK);
        }

        ResponseEntity<Map> after = cut.get(30, TimeUnit.SECONDS);
        assertThat(after.getStatusCode().value()).isEqualTo(409);
        assertThat(after.getBody()).containsEntry("valid", false).containsEntry("first_invalid_seq", (int) kept + 1)
                .containsEntry("problem", "head " + kept + " is behind anchor " + anchor.seq() + ": rows were cut from the end");
        assertThat(verify().getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aRowChangedSinceTheLastCheckTurnsTheChainGaugeToZeroUntilItIsRestored() {
        assertThat(verify().getStatusCode().value()).isEqualTo(200);   // the full verification holds too
        queryAsAnalyst();
        assertThat(chainCheck.check().valid()).isTrue();
        assertThat(chainValid()).isEqualTo(1.0);
        queryAsAnalyst();   // rows the next check reads

        JdbcTemplate owner = owner();
        long target = owner.queryForObject("select max(seq) from audit_event", Long.class);
        String actor = owner.queryForObject("select actor from audit_event where seq = ?", String.class, target);
        withoutTrigger(owner, () -> owner.update("update audit_event set actor = 'someone-else' where seq = ?", target));
        try {
            AuditVerification broken = chainCheck.check();

            assertThat(broken.valid()).isFalse();
            assertThat(broken.firstInvalidSeq()).isEqualTo(target);
            assertThat(broken.problem()).isEqualTo("row content does not match its hash");
            assertThat(chainValid()).isZero();
        } finally {
            withoutTrigger(owner, () -> owner.update("update audit_event set actor = ? where seq = ?", actor, target));
        }
        assertThat(chainCheck.check().valid()).isTrue();
        assertThat(chainValid()).isEqualTo(1.0);
    }

    @Test
    void aBrokenFullVerificationHoldsTheChainGaugeAtZeroUntilOnePasses() {
        queryAsAnalyst();
        assertThat(chainCheck.check().valid()).isTrue();
        var auditorsAnchor = "?anchor_seq=1&anchor_hash=" + "0".repeat(64);   // not row 1's hash: the verification fails

        assertThat(http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/verify" + auditorsAnchor, Map.class)
                .getStatusCode().value()).isEqualTo(409);
        assertThat(chainCheck.check().valid()).isTrue();
        assertThat(chainValid()).isZero();

        assertThat(verify().getStatusCode().value()).isEqualTo(200);
        assertThat(chainValid()).isEqualTo(1.0);
    }

    @Test
    void anUntouchedChainHoldsAcrossARotationOfTheAuditKey() {
        queryAsAnalyst();
        String before = keys.ring().newest(KeyPurpose.AUDIT).id();
        ManagedKey rotated = keys.rotate(KeyPurpose.AUDIT);
        queryAsAnalyst();

        assertThat(rotated.id()).isNotEqualTo(before).matches("local-audit-v[0-9]+");
        assertThat(jdbc.queryForList("select distinct key_id from audit_event where key_id is not null", String.class))
                .contains(before, rotated.id());
        assertThat(jdbc.queryForObject("select key_id from audit_event order by seq desc limit 1", String.class))
                .isEqualTo(rotated.id());
        assertThat(anchors.anchor().keyId()).isEqualTo(rotated.id());
        ResponseEntity<Map> verified = verify();
        assertThat(verified.getStatusCode().value()).isEqualTo(200);
        assertThat(verified.getBody()).containsEntry("valid", true);
        // neither the PAN nor the payload key chains the trail
        assertThat(rotated.check()).isNotIn(keys.ring().keys(KeyPurpose.PAN).stream().map(ManagedKey::check).toList())
                .isNotIn(keys.ring().keys(KeyPurpose.PAYLOAD).stream().map(ManagedKey::check).toList());
    }

    /** What someone without the audit key can do at best: the former plain SHA-256 rule from {@code from} to the head. */
    private static void recomputeWithPlainSha256(JdbcTemplate owner, long from) {
        String previous = owner.queryForObject("select prev_hash from audit_event where seq = ?", String.class, from);
        List<Map<String, Object>> rows = owner.queryForList("select * from audit_event where seq >= ? order by seq", from);
        for (Map<String, Object> row : rows) {
            long seq = ((Number) row.get("seq")).longValue();
            Object at = row.get("occurred_at");
            java.time.Instant occurredAt = at instanceof java.sql.Timestamp timestamp ? timestamp.toInstant() : ((OffsetDateTime) at).toInstant();
            String hash = AuditChain.plainHash(previous, seq, occurredAt,
                    (String) row.get("actor"), (String) row.get("roles"), (String) row.get("action"), (String) row.get("target"),
                    (String) row.get("outcome"), (String) row.get("source_ip"), texts(row.get("records")), (String) row.get("detail"));
            owner.update("update audit_event set prev_hash = ?, hash = ?, key_id = null where seq = ?", previous, hash, seq);
            previous = hash;
        }
    }

    private static List<String> texts(Object array) {
        try {
            return Arrays.asList((String[]) ((Array) array).getArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verification has read the chain once its own audit row waits for the lock the owner holds. */
    private void awaitAnAppendWaitingForTheChain() {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from pg_locks where locktype = 'advisory' and not granted", Long.class) > 0);
    }

    private void queryAsAnalyst() {
        assertThat(http.withBasicAuth("analyst", "analyst-local")
                .getForEntity("/api/v1/payments?currency=INR&size=3", String.class).getStatusCode().value()).isEqualTo(200);
    }

    /** {@code hub_audit_chain_valid} as the scrape serves it. */
    private double chainValid() {
        return meters.get(HubMeters.AUDIT_CHAIN_VALID).gauge().value();
    }

    private ResponseEntity<Map> verify() {
        return http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/verify", Map.class);
    }

    private static void withoutTrigger(JdbcTemplate owner, Runnable statements) {
        owner.execute("alter table audit_event disable trigger audit_event_no_update_or_delete");
        try {
            statements.run();
        } finally {
            owner.execute("alter table audit_event enable trigger audit_event_no_update_or_delete");
        }
    }

    private static JdbcTemplate owner() {
        LocalPostgres postgres = DevServices.get().postgres();
        return new JdbcTemplate(new SingleConnectionDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password(), true));
    }
}
