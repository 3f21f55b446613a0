package io.paymenthub.hub.http;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.SampleMessages;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hub.sources.http.max-body-bytes} at {@code POST /api/v1/messages}, over a raw socket so the test decides what
 * is sent: a declared length over the limit is answered 413 before a byte of the body has been sent, a chunked body
 * as soon as it passes the limit; the answer names the limit, and the hub goes on storing what it is sent.
 */
class HttpBodyLimitIT extends HubIntegrationTest {

    private static final String SUBMITTER = "Basic " + Base64.getEncoder()
            .encodeToString("submitter:submitter-local".getBytes(StandardCharsets.UTF_8));
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final int CHUNK = 64 * 1024;

    @LocalServerPort
    int httpPort;
    @Autowired
    HubProperties properties;

    @Test
    void aDeclaredLengthOverTheLimitIsAnswered413BeforeTheBodyIsSent() throws Exception {
        int limit = properties.sources().http().maxBodyBytes();
        long refused = refusedRows();
        try (Socket socket = connect()) {
            socket.getOutputStream().write(head("Content-Length: " + (limit + 1L)));   // and not a byte of the body

            String answer = readAnswer(socket);

            assertTooLarge(answer, limit);
        }
        assertThat(refusedRows()).as("dead letters recorded for the limit").isEqualTo(refused + 1);
        stillStoresAPayment();
    }

    @Test
    void aChunkedBodyIsAnswered413OnceItPassesTheLimit() throws Exception {
        int limit = properties.sources().http().maxBodyBytes();
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head("Transfer-Encoding: chunked"));
            byte[] filler = new byte[CHUNK];
            Arrays.fill(filler, (byte) ' ');
            filler[0] = '<';
            // one byte past the limit and no closing chunk: the hub must answer without waiting for the end
            for (long left = limit + 1L; left > 0; left -= CHUNK) {
                int size = (int) Math.min(CHUNK, left);
                out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(filler, 0, size);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            String answer = readAnswer(socket);

            assertTooLarge(answer, limit);
        }
        stillStoresAPayment();
    }

    private static void assertTooLarge(String answer, int limit) {
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).contains("\"status\":413", "\"limit_bytes\":" + limit, "hub.sources.http.max-body-bytes");
        assertThat(answer).doesNotContain("<   ");
    }

    private void stillStoresAPayment() throws Exception {
        String uetr = UUID.randomUUID().toString();
        byte[] valid = new String(SampleMessages.pacs008India("LIM", 1).get(0), StandardCharsets.UTF_8)
                .replaceFirst("<UETR>[^<]*</UETR>", "<UETR>" + uetr + "</UETR>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> accepted = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/messages"))
                        .timeout(ANSWER_WITHIN)
                        .header("Authorization", SUBMITTER)
                        .header("Content-Type", "application/xml")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(valid)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select count(*) from payment where message_id = ?", Long.class, uetr)).isEqualTo(1L);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("localhost", httpPort);
        socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
        return socket;
    }

    private static byte[] head(String lengthHeader) {
        return ("POST /api/v1/messages HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: " + SUBMITTER + "\r\n"
                + "Content-Type: application/xml\r\n"
                + lengthHeader + "\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The status line, headers and body of the answer, read until the body's declared length or the hub's close. */
    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int headEnd = -1;
        long expected = Long.MAX_VALUE;
        try {
            for (int b; answer.size() < expected && (b = in.read()) != -1; ) {
                answer.write(b);
                if (headEnd < 0 && answer.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    headEnd = answer.size();
                    expected = headEnd + contentLength(answer.toString(StandardCharsets.ISO_8859_1));
                }
            }
        } catch (SocketException closed) {
            // the hub closes after a 413; what it answered before is what counts
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return Long.MAX_VALUE - 1_000_000;   // no length: read until the hub closes
    }

    /** The dead letters of the HTTP source recorded for its body limit, a row before the 413 is written. */
    private long refusedRows() {
        return jdbc.queryForObject("select count(*) from dead_letter_event where source = 'http' and reason = 'max-body-bytes'",
                Long.class);
    }
}
