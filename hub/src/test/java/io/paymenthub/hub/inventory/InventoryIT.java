package io.paymenthub.hub.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor's inventories: the cryptography in force, read from the running hub (and never a key), and the access
 * review with the grants of the period and each actor's last activity; both audited, both refused to everyone else.
 */
class InventoryIT extends HubIntegrationTest {

    private static final String CRYPTO = "/api/v1/audit/crypto-inventory";
    private static final String ACCESS = "/api/v1/audit/access-review";

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    HubKeys keys;

    @Test
    void theCryptoInventoryListsEveryKeyPurposeAndHopButNoKey() throws Exception {
        ResponseEntity<String> answer = auditor(CRYPTO);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode inventory = json.readTree(answer.getBody());

        List<String> purposes = new ArrayList<>();
        for (JsonNode purpose : inventory.get("keys")) {
            purposes.add(purpose.get("purpose").asText());
            KeyPurpose keyPurpose = KeyPurpose.of(purpose.get("purpose").asText());
            assertThat(purpose.get("versions")).hasSize(keys.ring().keys(keyPurpose).size());
            if (!keys.ring().keys(keyPurpose).isEmpty()) {
                assertThat(purpose.get("key_bits").asInt()).as(purpose.toString()).isGreaterThanOrEqualTo(128);
                assertThat(purpose.get("jca_provider").asText()).isNotBlank().doesNotStartWith("unavailable");
                assertThat(purpose.get("versions").get(0).get("check").asText()).matches("[0-9a-f]{6}");
            }
        }
        assertThat(purposes).containsExactly("pan", "payload", "forward", "audit");
        assertThat(inventory.get("key_provider").get("name").asText()).isEqualTo(keys.providerName());
        List<String> hops = new ArrayList<>();
        inventory.get("tls").forEach(hop -> hops.add(hop.get("hop").asText()));
        assertThat(hops).contains("http", "iso8583", "datastore", "kafka");
        assertThat(inventory.get("jvm").get("tls_protocols").toString()).contains("TLSv1.3");

        // no key, in any encoding, whichever purpose
        for (KeyPurpose purpose : KeyPurpose.values()) {
            for (ManagedKey key : keys.ring().keys(purpose)) {
                byte[] secret = key.material().secret();
                assertThat(answer.getBody()).doesNotContainIgnoringCase(HexFormat.of().formatHex(secret))
                        .doesNotContain(Base64.getEncoder().encodeToString(secret))
                        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            }
        }
        assertThat(audited("CRYPTO_INVENTORY")).isPositive();
    }

    @Test
    void theAccessReviewShowsUsersRolesGrantsAndLastActivityButNoPasswordHash() throws Exception {
        String justification = "inventory review " + UUID.randomUUID();
        ResponseEntity<JsonNode> requested = TestGrants.request(http, "analyst", "analyst-local",
                "{\"scope\":\"pan-search\",\"justification\":\"" + justification + "\",\"duration\":\"PT1H\"}");
        assertThat(requested.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        assertThat(auditor(CRYPTO).getStatusCode()).isEqualTo(HttpStatus.OK);   // the auditor's own activity, audited

        ResponseEntity<String> answer = auditor(ACCESS);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode review = json.readTree(answer.getBody());
        assertThat(review.get("sign_in").asText()).isEqualTo("local users");
        JsonNode users = review.get("local_users");
        assertThat(users.findValuesAsText("name")).contains("ops", "analyst", "auditor", "submitter", "approver");
        assertThat(answer.getBody()).doesNotContain("bcrypt").doesNotContain("$2a$");
        boolean found = false;
        for (JsonNode grant : review.get("grants")) {
            if (grant.get("justification").asText().equals(justification)) {
                found = true;
                assertThat(grant.get("holder").asText()).isEqualTo("analyst");
                assertThat(grant.get("status").asText()).isEqualTo("PENDING");
            }
        }
        assertThat(found).as("the grant requested in the period").isTrue();
        assertThat(review.get("last_activity").findValuesAsText("actor")).contains("analyst", "auditor");
        assertThat(audited("ACCESS_REVIEW")).isPositive();

        ResponseEntity<String> backwards = auditor(ACCESS + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
        assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(backwards.getBody()).contains("from: must be before to");
        assertThat(auditor(ACCESS + "?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void onlyAnAuditorReadsEitherInventory() {
        for (String path : List.of(CRYPTO, ACCESS)) {
            for (String[] user : new String[][]{{"ops", "ops-local"}, {"analyst", "analyst-local"},
                    {"submitter", "submitter-local"}, {"approver", "approver-local"}}) {
                assertThat(http.withBasicAuth(user[0], user[1]).getForEntity(path, String.class).getStatusCode())
                        .as(user[0] + " " + path).isEqualTo(HttpStatus.FORBIDDEN);
            }
            HttpHeaders script = new HttpHeaders();
            script.set("X-Requested-With", "XMLHttpRequest");   // a script without credentials (a browser is sent to log in)
            assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(script), String.class).getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }

    private ResponseEntity<String> auditor(String path) {
        return http.withBasicAuth("auditor", "auditor-local").getForEntity(path, String.class);
    }

    private long audited(String action) {
        return jdbc.queryForObject("select count(*) from audit_event where action = ? and actor = 'auditor'", Long.class, action);
    }
}
