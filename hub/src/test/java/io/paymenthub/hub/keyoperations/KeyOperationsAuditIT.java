package io.paymenthub.hub.keyoperations;

import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.keys.KeyPurpose;
import io.paymenthub.hub.keys.ManagedKey;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.TestGrants;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key operations are on the audit chain, done or refused, and a key is destroyed only with a {@code key-destroy}
 * grant that a second person approved, one grant per destroyed version.
 */
class KeyOperationsAuditIT extends HubIntegrationTest {

    private static final String OPS = "ops";
    private static final String OPS_PASSWORD = "ops-local";

    @Autowired
    HubKeys keys;
    @Autowired
    TestRestTemplate http;

    @Test
    void rotateRefreshAndARefusedOperationEachLeaveAnAuditRow() {
        long before = lastSeq();
        ResponseEntity<Map> rotated = ops(HttpMethod.POST, "/actuator/hubkeys/payload", "{\"action\":\"rotate\"}");
        assertThat(rotated.getStatusCode().value()).isEqualTo(200);
        String newest = (String) rotated.getBody().get("newest");

        assertThat(ops(HttpMethod.POST, "/actuator/hubkeys", "{\"action\":\"refresh\"}").getStatusCode().value()).isEqualTo(200);
        assertThat(ops(HttpMethod.POST, "/actuator/hubkeys/payload", "{\"action\":\"explode\"}").getStatusCode().value()).isEqualTo(400);

        assertThat(jdbc.queryForList("""
                select actor, roles, target, outcome, detail::jsonb ->> 'operation' as operation, detail::jsonb ->> 'newest' as newest
                  from audit_event where action = 'KEY_OPERATION' and seq > ? order by seq""", before))
                .extracting(row -> row.get("actor") + " " + row.get("roles") + " " + row.get("target") + " "
                        + row.get("operation") + " " + row.get("outcome") + " " + row.get("newest"))
                .containsExactly(
                        "ops ops POST /actuator/hubkeys/payload rotate SUCCESS " + newest,
                        "ops ops POST /actuator/hubkeys refresh SUCCESS null",
                        "ops ops POST /actuator/hubkeys/payload unknown FAILURE null");
    }

    @Test
    void aKeyIsDestroyedOnlyWithASecondPersonsApprovalAndEachGrantDestroysOneVersion() {
        ManagedKey first = keys.rotate(KeyPurpose.PAN);
        ManagedKey second = keys.rotate(KeyPurpose.PAN);
        keys.rotate(KeyPurpose.PAN); // the newest, which tokenises from now on; the two before it tokenised nothing
        long before = lastSeq();

        // one ops user alone: refused, audited, nothing destroyed
        assertThat(ops(HttpMethod.DELETE, "/actuator/hubkeys/" + first.id(), null).getStatusCode().value()).isEqualTo(403);
        assertThat(held(first)).isTrue();
        assertThat(count("select count(*) from audit_event where seq > ? and actor = 'ops' and action = 'ACCESS_DENIED'"
                + " and detail::jsonb ->> 'scope' = 'key-destroy'", before)).isEqualTo(1);

        // the requester cannot approve the request herself: approving takes the approver role, held by someone else
        ResponseEntity<com.fasterxml.jackson.databind.JsonNode> requested = TestGrants.request(http, OPS, OPS_PASSWORD,
                "{\"scope\":\"key-destroy\",\"justification\":\"change 2291: retire PAN key\",\"duration\":\"PT15M\"}");
        assertThat(requested.getStatusCode().value()).isEqualTo(201);
        String pending = requested.getBody().get("id").asText();
        assertThat(TestGrants.post(http, OPS, OPS_PASSWORD, "/api/v1/access-grants/" + pending + "/approve", null)
                .getStatusCode().value()).isEqualTo(403);
        assertThat(ops(HttpMethod.DELETE, "/actuator/hubkeys/" + first.id(), null).getStatusCode().value()).isEqualTo(403);
        assertThat(held(first)).isTrue();

        // approved by a second person: one destruction
        assertThat(TestGrants.post(http, TestGrants.APPROVER, TestGrants.APPROVER_PASSWORD,
                "/api/v1/access-grants/" + pending + "/approve", null).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<Map> destroyed = ops(HttpMethod.DELETE, "/actuator/hubkeys/" + first.id(), null);
        assertThat(destroyed.getStatusCode().value()).isEqualTo(200);
        assertThat(destroyed.getBody()).containsEntry("destroyed", first.id());
        assertThat(held(first)).isFalse();
        assertThat(count("select count(*) from audit_event where seq > ? and actor = 'ops' and action = 'KEY_OPERATION'"
                + " and outcome = 'SUCCESS' and detail::jsonb ->> 'operation' = 'destroy' and detail::jsonb ->> 'key' = ?"
                + " and detail::jsonb ->> 'grant_id' = ?", before, first.id(), pending)).isEqualTo(1);

        // the spent grant does not destroy a second version
        ResponseEntity<Map> again = ops(HttpMethod.DELETE, "/actuator/hubkeys/" + second.id(), null);
        assertThat(again.getStatusCode().value()).isEqualTo(403);
        assertThat(String.valueOf(again.getBody().get("detail"))).contains("spent");
        assertThat(held(second)).isTrue();

        // a destruction refused on its merits (the newest key) costs no grant and is audited as a failure
        UUID next = TestGrants.approved(http, OPS, OPS_PASSWORD, "key-destroy", "PT15M");
        String newest = keys.ring().newest(KeyPurpose.PAN).id();
        assertThat(ops(HttpMethod.DELETE, "/actuator/hubkeys/" + newest, null).getStatusCode().value()).isEqualTo(400);
        assertThat(count("select count(*) from audit_event where seq > ? and action = 'KEY_OPERATION' and outcome = 'FAILURE'"
                + " and detail::jsonb ->> 'key' = ?", before, newest)).isEqualTo(1);
        assertThat(ops(HttpMethod.DELETE, "/actuator/hubkeys/" + second.id(), null).getStatusCode().value()).isEqualTo(200);
        assertThat(count("select count(*) from audit_event where seq > ? and action = 'KEY_OPERATION'"
                + " and detail::jsonb ->> 'grant_id' = ?", before, next.toString())).isEqualTo(1);
    }

    private ResponseEntity<Map> ops(HttpMethod method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(OPS, OPS_PASSWORD).exchange(path, method, new HttpEntity<>(body, headers), Map.class);
    }

    private boolean held(ManagedKey key) {
        return keys.ring().keys(key.purpose()).stream().anyMatch(k -> k.id().equals(key.id()));
    }

    private long lastSeq() {
        return jdbc.queryForObject("select coalesce(max(seq), 0) from audit_event", Long.class);
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }
}
