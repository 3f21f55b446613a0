package io.paymenthub.hub.audit;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.devservices.LocalPostgres;
import io.paymenthub.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail is append-only and tamper-evident: the hub's own database role cannot change or remove a row,
 * the owner is stopped by a trigger, and a row changed anyway (trigger disabled by the owner) is found by the
 * auditor's verification, which names the row.
 */
class AuditTrailIT extends HubIntegrationTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void theHubsDatabaseRoleCannotUpdateDeleteTruncateOrUnguardAuditRows() {
        queryAsAnalyst();
        assertThat(jdbc.queryForObject("select current_user", String.class)).isEqualTo(LocalPostgres.APP_USERNAME);

        assertThatThrownBy(() -> jdbc.update("update audit_event set actor = 'someone-else' where seq = 1"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.update("delete from audit_event where seq = 1"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.execute("truncate audit_event"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.execute("alter table audit_event disable trigger audit_event_no_update_or_delete"))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("must be owner");
    }

    @Test
    void evenTheOwnerIsStoppedByTheAppendOnlyTrigger() {
        queryAsAnalyst();
        JdbcTemplate owner = owner();

        assertThatThrownBy(() -> owner.update("update audit_event set actor = 'someone-else' where seq = 1"))
                .rootCause().hasMessageContaining("audit_event is append-only: UPDATE refused");
        assertThatThrownBy(() -> owner.update("delete from audit_event where seq = 1"))
                .rootCause().hasMessageContaining("audit_event is append-only: DELETE refused");
        assertThatThrownBy(() -> owner.execute("truncate audit_event"))
                .rootCause().hasMessageContaining("audit_event is append-only: TRUNCATE refused");
    }

    @Test
    void verificationFindsATamperedRowAndHoldsAgainOnceItIsRestored() {
        queryAsAnalyst();
        queryAsAnalyst();
        ResponseEntity<Map> before = verify("");
        assertThat(before.getStatusCode().value()).isEqualTo(200);
        assertThat(before.getBody()).containsEntry("valid", true);

        long target = jdbc.queryForObject("select max(seq) from audit_event where action = 'PAYMENT_QUERY'", Long.class);
        String actor = jdbc.queryForObject("select actor from audit_event where seq = ?", String.class, target);
        JdbcTemplate owner = owner();
        try {
            tamper(owner, "update audit_event set actor = 'someone-else' where seq = " + target);

            ResponseEntity<Map> after = verify("");
            assertThat(after.getStatusCode().value()).isEqualTo(409);
            assertThat(after.getBody()).containsEntry("valid", false)
                    .containsEntry("first_invalid_seq", (int) target)
                    .containsEntry("problem", "row content does not match its hash");
        } finally {
            tamper(owner, "update audit_event set actor = '" + actor + "' where seq = " + target);
        }
        assertThat(verify("").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aRowCutFromTheEndIsCaughtByTheAuditorsAnchor() {
        queryAsAnalyst();
        Map<?, ?> head = verify("").getBody();
        long seq = ((Number) head.get("head_seq")).longValue();
        String hash = (String) head.get("head_hash");

        assertThat(verify("?anchor_seq=" + seq + "&anchor_hash=" + hash).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<Map> forged = verify("?anchor_seq=" + seq + "&anchor_hash=" + "f".repeat(64));
        assertThat(forged.getStatusCode().value()).isEqualTo(409);
        assertThat(forged.getBody()).containsEntry("problem", "hash differs from the anchor");
        ResponseEntity<Map> cut = verify("?anchor_seq=" + (seq + 1_000_000) + "&anchor_hash=" + hash);
        assertThat(cut.getBody()).containsEntry("problem", "anchor row is missing: the chain was cut");
    }

    @Test
    void eachRowChainsToThePreviousOneAndRecordsWhoWhatWhenWhereAndWhich() {
        queryAsAnalyst();
        Map<String, Object> row = jdbc.queryForMap("""
                select seq, actor, roles, action, target, outcome, source_ip, detail, prev_hash, hash,
                       (select hash from audit_event p where p.seq = a.seq - 1) as previous
                  from audit_event a where action = 'PAYMENT_QUERY' order by seq desc limit 1
                """);
        assertThat(row).containsEntry("actor", "analyst").containsEntry("roles", "analyst")
                .containsEntry("target", "GET /api/v1/payments").containsEntry("outcome", "SUCCESS")
                .containsEntry("source_ip", "127.0.0.1");
        assertThat(row.get("prev_hash")).isEqualTo(row.get("previous"));
        assertThat((String) row.get("detail")).contains("\"filters\":{\"currency\":\"INR\"}");
    }

    @Test
    void aCardNumberTypedIntoARequestIsTruncatedBeforeItEntersTheChain() {
        assertThat(http.withBasicAuth("analyst", "analyst-local")
                .getForEntity("/api/v1/audit/archive/4111111111111111", String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(http.withBasicAuth("4012 8888 8888 1881", "wrong")
                .getForEntity("/api/v1/payments", String.class).getStatusCode().value()).isEqualTo(401);

        assertThat(jdbc.queryForList("select target from audit_event where outcome = 'DENIED'", String.class))
                .contains("GET /api/v1/audit/archive/411111******1111");
        String everything = String.join("\n", jdbc.queryForList(
                "select concat_ws(' ', actor, target, array_to_string(records, ' '), detail) from audit_event", String.class));
        assertThat(everything).contains("411111******1111").doesNotContain("4111111111111111");
        assertThat(io.paymenthub.carddata.PanMasking.countClearPans(everything)).isZero();
        assertThat(everything.replace(" ", "")).doesNotContain("4012888888881881");
        assertThat(verify("").getStatusCode().value()).isEqualTo(200);
    }

    private void queryAsAnalyst() {
        assertThat(http.withBasicAuth("analyst", "analyst-local")
                .getForEntity("/api/v1/payments?currency=INR&size=3", String.class).getStatusCode().value()).isEqualTo(200);
    }

    private ResponseEntity<Map> verify(String query) {
        return http.withBasicAuth("auditor", "auditor-local").getForEntity("/api/v1/audit/verify" + query, Map.class);
    }

    /** What someone with the owner's password could do: switch the trigger off, change history, switch it on. */
    private static void tamper(JdbcTemplate owner, String statement) {
        owner.execute("alter table audit_event disable trigger audit_event_no_update_or_delete");
        try {
            owner.execute(statement);
        } finally {
            owner.execute("alter table audit_event enable trigger audit_event_no_update_or_delete");
        }
    }

    private static JdbcTemplate owner() {
        LocalPostgres postgres = DevServices.get().postgres();
        return new JdbcTemplate(new SingleConnectionDataSource(postgres.jdbcUrl(), postgres.username(), postgres.password(), true));
    }
}
