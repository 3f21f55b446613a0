package io.paymenthub.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Access grants as a user asks for them and the local {@code approver} approves them, over the hub's API. */
public final class TestGrants {

    public static final String APPROVER = "approver";
    public static final String APPROVER_PASSWORD = "approver-local";

    private TestGrants() {
    }

    /** A live grant of {@code scope} for {@code user}, approved by the local approver; its id. */
    public static UUID approved(TestRestTemplate http, String user, String password, String scope, String duration) {
        ResponseEntity<JsonNode> requested = request(http, user, password,
                "{\"scope\":\"" + scope + "\",\"justification\":\"investigation of case 4711\",\"duration\":\"" + duration + "\"}");
        assertThat(requested.getStatusCode().value()).as("grant request").isEqualTo(201);
        UUID id = UUID.fromString(requested.getBody().get("id").asText());
        ResponseEntity<JsonNode> approved = post(http, APPROVER, APPROVER_PASSWORD, "/api/v1/access-grants/" + id + "/approve", null);
        assertThat(approved.getStatusCode().value()).as("grant approval").isEqualTo(200);
        assertThat(approved.getBody().get("status").asText()).isEqualTo("APPROVED");
        return id;
    }

    public static ResponseEntity<JsonNode> request(TestRestTemplate http, String user, String password, String body) {
        return post(http, user, password, "/api/v1/access-grants", body);
    }

    public static ResponseEntity<JsonNode> post(TestRestTemplate http, String user, String password, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.withBasicAuth(user, password).postForEntity(path, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
