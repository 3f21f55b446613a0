package io.paymenthub.hub.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import io.paymenthub.hub.query.InvalidQuery;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/analytics/query} (role {@code analyst}): aggregates only, over the declared dimensions and
 * measures, groups too small to release folded into {@code other} (docs/analytics.md). JSON only and never cached:
 * nothing here downloads. Every query is in the audit chain with its shape and the number of groups released — no
 * value — and a user runs at most {@code hub.analytics.queries-per-minute} in any 60 seconds.
 */
@RestController
class AnalyticsController {

    static final String ACTION = "ANALYTICS_QUERY";
    private static final String RECENT_QUERIES = """
            select count(*) from audit_event
             where actor = ? and action = 'ANALYTICS_QUERY' and outcome = 'SUCCESS'
               and occurred_at > now() - interval '60 seconds'
            """;

    private final AnalyticsQueries queries;
    private final AnalyticsProperties properties;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;
    private final ObjectMapper json;

    AnalyticsController(AnalyticsQueries queries, AnalyticsProperties properties, JdbcTemplate jdbc, AuditLog audit,
                        ObjectMapper json) {
        this.queries = queries;
        this.properties = properties;
        this.jdbc = jdbc;
        this.audit = audit;
        this.json = json;
    }

    @PostMapping(path = "/api/v1/analytics/query", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> query(@RequestBody(required = false) String body, HttpServletRequest request, Authentication caller) {
        List<String> problems = new ArrayList<>();
        AnalyticsQuery query = AnalyticsQuery.read(parse(body), problems);
        if (!problems.isEmpty()) {
            throw new InvalidQuery(problems);
        }
        // counted in the audit chain, which every instance writes: the limit holds across replicas
        Long recent = jdbc.queryForObject(RECENT_QUERIES, Long.class, caller.getName());
        if (recent != null && recent >= properties.queriesPerMinute()) {
            Map<String, Object> detail = new LinkedHashMap<>(query.shape());
            detail.put("reason", "at most " + properties.queriesPerMinute() + " analytics queries a minute");
            audit.append(request, caller, ACTION, Outcome.DENIED, List.of(), detail);
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    "at most " + properties.queriesPerMinute() + " analytics queries in any 60 seconds (hub.analytics.queries-per-minute)");
            problem.setTitle("Analytics query rate exceeded");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "60")
                    .cacheControl(CacheControl.noStore()).body(problem);
        }
        AnalyticsAnswer answer = queries.answer(query);
        Map<String, Object> detail = new LinkedHashMap<>(query.shape());
        detail.put("released_rows", answer.rows().size());
        detail.put("suppressed_groups", answer.suppressedGroups());
        detail.put("read", AnalyticsSql.readsRollup(query) ? "rollup" : "payments");
        audit.append(request, caller, ACTION, Outcome.SUCCESS, List.of(), detail);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException notJson) {
            return null;   // read() names the body as the problem, without quoting it
        }
    }
}
