package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.audit.AuditRecord.Outcome;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an audit row (action {@code ADMIN_OPERATION}) for every Jolokia {@code exec} or {@code write} — what an
 * operator changes through Hawtio — with the MBean, the operation or attribute, and whether Jolokia allowed and
 * ran it. Reads are not audited: Hawtio polls them every few seconds and they change nothing.
 */
final class AuditJolokiaOperationsFilter extends OncePerRequestFilter {

    /** Hawtio's largest request (its permission check over every MBean) is well under this; a larger body is refused rather than half-audited. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final AuditLog audit;
    private final ObjectMapper json;

    AuditJolokiaOperationsFilter(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<JsonNode> operations;
        HttpServletRequest forwarded = request;
        if ("POST".equals(request.getMethod())) {
            byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                return;
            }
            operations = changes(body);
            forwarded = new ReplayedBody(request, body);
        } else {
            operations = changesInPath(request.getPathInfo());
        }
        if (operations.isEmpty()) {
            chain.doFilter(forwarded, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(forwarded, captured);
        } finally {
            List<Integer> statuses = statuses(captured.getContentAsByteArray());
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            for (int i = 0; i < operations.size(); i++) {
                Integer status = i < statuses.size() ? statuses.get(i) : null;
                Map<String, Object> detail = describe(operations.get(i));
                detail.put("jolokia_status", status);
                audit.append(request, caller, "ADMIN_OPERATION",
                        status == null ? Outcome.FAILURE : status == 200 ? Outcome.SUCCESS : status == 403 ? Outcome.DENIED : Outcome.FAILURE,
                        List.of(), detail);
            }
            captured.copyBodyToResponse();
        }
    }

    /** The exec and write requests in a Jolokia POST body: one request object or an array of them. */
    private List<JsonNode> changes(byte[] body) {
        List<JsonNode> found = new ArrayList<>();
        try {
            JsonNode root = json.readTree(body);
            if (root != null) {
                for (JsonNode request : root.isArray() ? root : List.of(root)) {
                    String type = request.path("type").asText("");
                    if (type.equalsIgnoreCase("exec") || type.equalsIgnoreCase("write")) {
                        found.add(request);
                    }
                }
            }
        } catch (IOException e) {
            // not JSON: Jolokia rejects it, nothing runs
        }
        return found;
    }

    /** GET /actuator/jolokia/exec/&lt;mbean&gt;/&lt;operation&gt;/... and /write/...: the path is the request. */
    private List<JsonNode> changesInPath(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        String path = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        String type = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (!type.equalsIgnoreCase("exec") && !type.equalsIgnoreCase("write")) {
            return List.of();
        }
        return List.of(json.createObjectNode().put("type", type.toLowerCase(java.util.Locale.ROOT)).put("path", path));
    }

    private Map<String, Object> describe(JsonNode operation) {
        Map<String, Object> detail = new LinkedHashMap<>();
        for (String field : List.of("type", "mbean", "operation", "attribute", "path")) {
            if (operation.hasNonNull(field)) {
                String value = operation.get(field).asText();
                detail.put(field, value.length() > 300 ? value.substring(0, 300) : value);
            }
        }
        return detail;
    }

    /** Jolokia answers HTTP 200 with a status per request inside the body. */
    private List<Integer> statuses(byte[] body) {
        List<Integer> statuses = new ArrayList<>();
        try {
            JsonNode root = json.readTree(body);
            if (root != null) {
                for (JsonNode answer : root.isArray() ? root : List.of(root)) {
                    statuses.add(answer.path("status").asInt(0));
                }
            }
        } catch (IOException e) {
            // no parsable answer: the operations are recorded as failed
        }
        return statuses;
    }

    /** The request again, with the body already read for auditing. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
