package io.paymenthub.hub.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.metrics.DeadLetterEvents;
import io.paymenthub.hub.sources.BoundedRead;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bounds a body posted to the HTTP sources before Camel's binding reads it, which it does whole into memory: a declared
 * Content-Length over {@code hub.sources.http.max-body-bytes} is answered 413 without a byte read; a chunked body is
 * read here, at most one byte past the limit, answered 413 once it passes it and otherwise handed on from memory. The
 * answer names the limit, never the content; the server closes the connection after it, unread rest and all.
 */
final class HttpBodyLimitFilter extends OncePerRequestFilter {

    static final String SETTING = "hub.sources.http.max-body-bytes";
    private static final Logger log = LoggerFactory.getLogger(HttpBodyLimitFilter.class);

    private final int maxBodyBytes;
    private final ObjectMapper json;
    private final DeadLetterEvents deadLetters;

    HttpBodyLimitFilter(int maxBodyBytes, ObjectMapper json, DeadLetterEvents deadLetters) {
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            refuse(request, response, "declared length " + declared + " bytes");
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);   // the server reads no more than the declared length
            return;
        }
        byte[] body = BoundedRead.atMostOnePast(request.getInputStream(), maxBodyBytes);
        if (body.length > maxBodyBytes) {
            refuse(request, response, "chunked body past the limit");
            return;
        }
        chain.doFilter(new ReadBodyRequest(request, body), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String what) throws IOException {
        deadLetters.record("http", "max-body-bytes");   // a 413 is the HTTP source's dead-letter place, as its 400 is
        log.warn("HTTP message to {} refused, answering 413: {} over {} ({} bytes)", request.getRequestURI(), what,
                SETTING, maxBodyBytes);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:payment-hub:problem:body-too-large");
        problem.put("title", "Body too large");
        problem.put("status", 413);
        problem.put("detail", "the body is over " + SETTING + " (" + maxBodyBytes + " bytes)");
        problem.put("limit_bytes", maxBodyBytes);
        byte[] answer = json.writeValueAsBytes(problem);
        response.setStatus(413);
        response.setHeader("Connection", "close");
        response.setContentType("application/problem+json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
        response.flushBuffer();
    }

    /** The request with its body already read into memory, for the steps after this filter. */
    private static final class ReadBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }
    }
}
