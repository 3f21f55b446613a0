package io.paymenthub.hub.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The doors through which ops act on the hub with Jolokia (docs/security.md): reads by GET, everything else by POST,
 * each {@code exec} or {@code write} audited (action {@code ADMIN_OPERATION}) with the MBean, the operation or
 * attribute, and whether Jolokia allowed and ran it. Refused here, and audited as {@code DENIED}: an operation by GET
 * (path form or {@code p=} form), a POST body this filter cannot read exactly as Jolokia will, and any request from a
 * foreign {@code Origin}. Reads are not audited: Hawtio polls them every few seconds and they change nothing.
 */
final class AuditJolokiaOperationsFilter extends OncePerRequestFilter {

    /** Hawtio's largest request (its permission check over every MBean) is well under this; a larger body is refused rather than half-audited. */
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** The Jolokia request types that only look: the only ones a GET may carry, and the ones not audited. */
    private static final Set<String> READS = Set.of("read", "list", "search", "version");

    private final AuditLog audit;
    private final ObjectMapper json;

    AuditJolokiaOperationsFilter(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json.copy()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase(ownOrigin(request))) {
            refuse(request, response, HttpServletResponse.SC_FORBIDDEN, Map.of("origin", abbreviate(origin)),
                    "Jolokia answers the hub's own pages only, not origin " + abbreviate(origin));
            return;
        }
        if ("POST".equals(request.getMethod())) {
            filterPost(request, response, chain);
        } else if ("GET".equals(request.getMethod())) {
            filterGet(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }

    /** Jolokia reads a GET's request from the path after the servlet, or from {@code p=} when that path is empty. */
    private void filterGet(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> paths = new ArrayList<>();
        paths.add(request.getPathInfo());
        paths.add(decoded(pathAfterJolokia(request)));
        paths.add(request.getParameter("p"));
        for (String path : paths) {
            String type = typeOf(path);
            if (!type.isEmpty() && !READS.contains(type)) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("type", type);
                detail.put("path", abbreviate(path));
                refuse(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, detail,
                        "Jolokia " + type + " is accepted by POST only, where it is audited");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void filterPost(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, Map.of("bytes", body.length),
                    "Jolokia request larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        List<JsonNode> operations;
        try {
            operations = changes(body, request.getCharacterEncoding());
        } catch (IOException | IllegalArgumentException e) {
            refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, Map.of("bytes", body.length),
                    "Jolokia request is not a JSON request object or array of them");
            return;
        }
        HttpServletRequest forwarded = new ReplayedBody(request, body);
        if (operations.isEmpty()) {
            chain.doFilter(forwarded, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(forwarded, captured);
        } finally {
            List<JsonNode> answers = answers(captured.getContentAsByteArray());
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            for (int i = 0; i < operations.size(); i++) {
                JsonNode operation = operations.get(i);
                Integer status = statusOf(answers, operation);
                Map<String, Object> detail = describe(operation.get("request"));
                detail.put("jolokia_status", status);
                audit.append(request, caller, "ADMIN_OPERATION",
                        status == null ? Outcome.FAILURE : status == 200 ? Outcome.SUCCESS : status == 403 ? Outcome.DENIED : Outcome.FAILURE,
                        List.of(), detail);
            }
            captured.copyBodyToResponse();
        }
    }

    /**
     * The requests in a Jolokia POST body (one request object or an array of them) that are not reads, each with its
     * place in the body. Anything Jolokia might read differently from this filter is refused: a body that is not
     * one JSON value, repeated keys, an element that is not an object or has no textual {@code type}.
     */
    private List<JsonNode> changes(byte[] body, String encoding) throws IOException {
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        JsonNode root = json.readTree(new String(body, charset));
        if (root == null || !(root.isArray() || root.isObject())) {
            throw new IllegalArgumentException("not a request");
        }
        List<JsonNode> found = new ArrayList<>();
        int index = 0;
        for (JsonNode request : root.isArray() ? root : List.of(root)) {
            if (!request.isObject() || !request.path("type").isTextual()) {
                throw new IllegalArgumentException("not a request");
            }
            String type = request.get("type").asText().toLowerCase(Locale.ROOT);
            if (!READS.contains(type)) {
                found.add(json.createObjectNode().put("index", index).put("bulk", root.isArray()).set("request", request));
            }
            index++;
        }
        return found;
    }

    /** Jolokia answers HTTP 200 with one answer (and status) per request, in the order of the requests. */
    private List<JsonNode> answers(byte[] body) {
        List<JsonNode> answers = new ArrayList<>();
        try {
            JsonNode root = json.readTree(body);
            if (root != null && root.isArray()) {
                root.forEach(answers::add);
            } else if (root != null) {
                answers.add(root);
            }
        } catch (IOException e) {
            // no parsable answer: the operations are recorded as failed
        }
        return answers;
    }

    private static Integer statusOf(List<JsonNode> answers, JsonNode operation) {
        int index = operation.get("bulk").asBoolean() ? operation.get("index").asInt() : 0;
        return index < answers.size() && answers.get(index).has("status") ? answers.get(index).get("status").asInt() : null;
    }

    /** The Jolokia path of a GET as written in the URL: after {@code /jolokia}, before the query. */
    private static String pathAfterJolokia(HttpServletRequest request) {
        String uri = request.getRequestURI();
        int at = uri.indexOf("/jolokia");
        return at < 0 ? null : uri.substring(at + "/jolokia".length());
    }

    private static String decoded(String path) {
        try {
            return path == null ? null : URLDecoder.decode(path, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path; // left as written: its first segment is then no request type Jolokia knows
        }
    }

    /** {@code /EXEC;x=1/org.apache.camel:...} → {@code exec}; an empty path → empty. */
    private static String typeOf(String path) {
        if (path == null) {
            return "";
        }
        String trimmed = path.strip().replaceFirst("^/+", "");
        int end = trimmed.length();
        for (char stop : new char[] {'/', ';', '?'}) {
            int at = trimmed.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return trimmed.substring(0, end).strip().toLowerCase(Locale.ROOT);
    }

    /** {@code https://hub.example.com} for a request to it on port 443; {@code http://localhost:8080} otherwise. */
    private static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
    }

    /** Answers the refusal (a problem JSON) and audits it as a denied operation. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, Map<String, Object> about,
                        String reason) throws IOException {
        Map<String, Object> detail = new LinkedHashMap<>(about);
        detail.put("reason", reason);
        audit.append(request, SecurityContextHolder.getContext().getAuthentication(), "ADMIN_OPERATION", Outcome.DENIED,
                List.of(), detail);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status == HttpServletResponse.SC_METHOD_NOT_ALLOWED ? "Method Not Allowed"
                : status == HttpServletResponse.SC_FORBIDDEN ? "Forbidden"
                : status == HttpServletResponse.SC_BAD_REQUEST ? "Bad Request" : "Content Too Large");
        problem.put("status", status);
        problem.put("detail", reason);
        response.setStatus(status);
        if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
            response.setHeader("Allow", "POST");
        }
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), problem);
    }

    private static String abbreviate(String value) {
        return value == null ? null : value.length() > 300 ? value.substring(0, 300) : value;
    }

    private Map<String, Object> describe(JsonNode operation) {
        Map<String, Object> detail = new LinkedHashMap<>();
        for (String field : List.of("type", "mbean", "operation", "attribute", "path")) {
            if (operation.hasNonNull(field)) {
                detail.put(field, abbreviate(operation.get(field).asText()));
            }
        }
        return detail;
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
