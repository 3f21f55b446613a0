package io.paymenthub.hub;

import io.paymenthub.carddata.CardDataScanner;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HostileInputs;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.Iso8583TestClient;
import io.paymenthub.hub.support.KafkaTestClient;
import io.paymenthub.hub.support.SampleMessages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.packager.ISO87APackager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static io.paymenthub.hub.support.Iso8583TestClient.frame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random and mutated inputs at the live ISO 8583 listener and at {@code POST /api/v1/messages}, drawn from
 * one seeded {@link java.util.Random} (change {@link #SEED} to explore, keep it to reproduce). Each input is answered
 * with a clear rejection (DE 39 {@code 30}, or HTTP 400 problem+json naming the element) or, for ISO 8583 bytes too
 * broken to answer, the connection is closed — within a bounded time, never echoing card data; afterwards the hub
 * still stores and approves a valid message, and nothing of the inputs' card data is in the log or the dead-letter
 * and quarantine topics. HTTP bodies include bytes that are not text (binary ISO 8583 mutations, random bytes).
 */
class HostileInputIT extends HubIntegrationTest {

    private static final long SEED = 20_251_126L;
    private static final int TCP_FRAMES = 2_000;
    private static final int HTTP_REQUESTS = 1_000;
    private static final int MAX_FRAME_BYTES = 8192;
    /** Far above any real answer (milliseconds), far below a hang. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final String TERMINAL = "HST00001";

    @LocalServerPort
    int httpPort;

    @Test
    void theIso8583ListenerRejectsOrClosesOnHostileFramesAndStillApprovesAValidOne() throws Exception {
        long logFrom = logSize();
        HostileInputs inputs = new HostileInputs(SEED);
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> leaks = new ArrayList<>();

        for (int i = 0; i < TCP_FRAMES; i++) {
            int kind = inputs.random().nextInt(8);
            String outcome = switch (kind) {
                case 0 -> expectAnswerOrClose(inputs, frame(inputs.randomBytes(inputs.random().nextInt(400))), leaks);
                case 1 -> expectClose(new byte[] {(byte) inputs.random().nextInt(256)});              // half a length prefix
                case 2 -> expectClose(hugeLengthPrefix(inputs));
                case 3 -> expectClose(shortFrame(inputs));
                case 4 -> expectAnswerOrClose(inputs, frame(inputs.validHeaderGarbage()), leaks);
                case 5 -> expectAnswerOrClose(inputs, frame(oddFieldsOrMutated(inputs)), leaks);
                case 6 -> expectAnswersOrClose(inputs, burst(inputs), leaks);
                default -> expectAnswerOrClose(inputs, frame(inputs.mutated(inputs.purchase(TERMINAL))), leaks);
            };
            outcomes.merge(kind + ":" + outcome, 1, Integer::sum);
        }

        System.out.println("ISO 8583 hostile frames, kind:outcome=count " + outcomes);
        assertThat(leaks).as("card data of the inputs in the answers").isEmpty();
        assertThat(outcomes.keySet()).as("every kind of frame was sent: %s", outcomes).hasSizeGreaterThanOrEqualTo(8);
        stillApprovesAndStoresAPurchase();
        assertNoCardDataInLogSinceAndDeadLetters(logFrom);
    }

    @Test
    void theHttpEndpointAnswers400NamingTheElementOnHostileDocumentsAndStillStoresAValidOne() throws Exception {
        long logFrom = logSize();
        HostileInputs inputs = new HostileInputs(SEED + 1);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> leaks = new ArrayList<>();

        for (int i = 0; i < HTTP_REQUESTS; i++) {
            int kind = inputs.random().nextInt(11);
            byte[] body = switch (kind) {
                case 0 -> inputs.randomText(inputs.random().nextInt(2_000));
                case 1 -> inputs.byteMutatedDocument();
                case 2, 3, 4 -> inputs.mutatedDocument();
                case 5 -> inputs.xmlBomb();
                case 6 -> inputs.deeplyNested(1_000 + inputs.random().nextInt(200_000));
                case 7 -> inputs.manyAttributes(5_000 + inputs.random().nextInt(30_000));
                case 8 -> inputs.mutated(inputs.purchase(TERMINAL), true);
                case 9 -> inputs.mutated(inputs.purchase(TERMINAL), false);
                default -> inputs.randomBytes(inputs.random().nextInt(2_000));
            };
            HttpResponse<String> answer = post(client, body, kind >= 8 ? "application/octet-stream" : "application/xml");
            int status = answer.statusCode();
            assertThat(status).as("input %s of kind %s answered %s: %s", i, kind, status, head(answer.body())).isIn(202, 400);
            if (status == 400) {
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(answer.body()).contains("\"status\":400").containsPattern("\"field\":\"[^\"]+\"");
                leaks.addAll(CardDataScanner.of(body).findingsIn("400 answer to input " + i, answer.body()));
            }
            leaks.addAll(CardDataLeaks.in("answer to input " + i, answer.body()));
            outcomes.merge(kind + ":" + status, 1, Integer::sum);
        }

        System.out.println("HTTP hostile inputs, kind:status=count " + outcomes);
        assertThat(leaks).as("card data of the inputs in the answers").isEmpty();
        assertThat(outcomes).as("outcomes by input kind").containsKeys("0:400", "5:400", "6:400", "7:400");
        String uetr = UUID.randomUUID().toString();
        byte[] valid = new String(SampleMessages.pacs008India("HST", 1).get(0), StandardCharsets.UTF_8)
                .replaceFirst("<UETR>[^<]*</UETR>", "<UETR>" + uetr + "</UETR>").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> accepted = post(client, valid, "application/xml");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select count(*) from payment where message_id = ?", Long.class, uetr)).isEqualTo(1L);
        assertNoCardDataInLogSinceAndDeadLetters(logFrom);
    }

    // ---- ISO 8583 over TCP ----

    private String expectAnswerOrClose(HostileInputs inputs, byte[] framed, List<String> leaks) throws IOException {
        return expectAnswersOrClose(inputs, List.of(framed), leaks);
    }

    /** Writes the frames on one connection and reads an answer for each until the hub closes the connection. */
    private String expectAnswersOrClose(HostileInputs inputs, List<byte[]> frames, List<String> leaks) throws IOException {
        try (Socket socket = new Socket("localhost", ISO8583_PORT)) {
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                for (byte[] framed : frames) {
                    out.write(framed);
                }
                out.flush();
            } catch (SocketException closedWhileWriting) {
                // the hub closed on a frame it could not read; the answers before it are still to be read
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String outcome = "closed";
            for (byte[] framed : frames) {
                Optional<byte[]> answer = readAnswer(in);
                if (answer.isEmpty()) {
                    return outcome;
                }
                String code = responseCode(answer.get());
                assertThat(code).as("DE 39 of the answer to a hostile frame").isIn("00", "30");
                leaks.addAll(CardDataLeaks.in("answer " + code, new String(answer.get(), StandardCharsets.ISO_8859_1)));
                outcome = code;
            }
            return outcome;
        }
    }

    /** Announces a frame and sends less of it, then closes its side: the hub must give up on it and close. */
    private String expectClose(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("localhost", ISO8583_PORT)) {
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            socket.getOutputStream().write(bytes);
            socket.shutdownOutput();
            assertThat(readAnswer(new DataInputStream(socket.getInputStream()))).as("an answer to an unframeable input").isEmpty();
            return "closed";
        }
    }

    private static Optional<byte[]> readAnswer(DataInputStream in) throws IOException {
        try {
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return Optional.of(answer);
        } catch (EOFException | SocketException closed) {
            return Optional.empty();
        } catch (SocketTimeoutException silent) {
            throw new AssertionError("the hub neither answered nor closed the connection within " + ANSWER_WITHIN);
        }
    }

    private static String responseCode(byte[] answer) {
        try {
            ISOMsg message = new ISOMsg();
            message.setPackager(new ISO87APackager());
            message.unpack(answer);
            assertThat(message.hasAny(new int[] {2, 35, 45, 52, 55})).as("card data fields in an answer").isFalse();
            return message.getString(39);
        } catch (ISOException e) {
            throw new AssertionError("an answer that is not an ISO 8583 message", e);
        }
    }

    private static byte[] hugeLengthPrefix(HostileInputs inputs) {
        int announced = MAX_FRAME_BYTES + 1 + inputs.random().nextInt(0xFFFF - MAX_FRAME_BYTES);
        byte[] body = inputs.purchase(TERMINAL);
        byte[] bytes = new byte[2 + body.length];
        bytes[0] = (byte) (announced >> 8);
        bytes[1] = (byte) announced;
        System.arraycopy(body, 0, bytes, 2, body.length);
        return bytes;
    }

    private static byte[] shortFrame(HostileInputs inputs) {
        byte[] whole = frame(inputs.purchase(TERMINAL));
        return java.util.Arrays.copyOf(whole, 2 + inputs.random().nextInt(whole.length - 2));
    }

    private static byte[] oddFieldsOrMutated(HostileInputs inputs) {
        return attempt(() -> inputs.oddFields(TERMINAL)).orElseGet(() -> inputs.mutated(inputs.purchase(TERMINAL)));
    }

    /** Several frames in flight on one connection, valid and hostile mixed, as a busy switch sends them. */
    private static List<byte[]> burst(HostileInputs inputs) {
        List<byte[]> frames = new ArrayList<>();
        int count = 2 + inputs.random().nextInt(10);
        for (int i = 0; i < count; i++) {
            frames.add(frame(inputs.random().nextBoolean() ? inputs.purchase(TERMINAL) : inputs.mutated(inputs.purchase(TERMINAL))));
        }
        return frames;
    }

    private static <T> Optional<T> attempt(Supplier<T> build) {
        try {
            return Optional.of(build.get());
        } catch (IllegalStateException notPackable) {
            return Optional.empty();
        }
    }

    private void stillApprovesAndStoresAPurchase() throws IOException {
        String terminal = "HSTOK" + String.format("%03d", (int) (System.nanoTime() % 1000));
        byte[] valid = SampleMessages.iso8583India(terminal, 1, 1).get(0);
        ISOMsg answer = Iso8583TestClient.unpack(Iso8583TestClient.sendRaw(ISO8583_PORT, frame(valid)).orElseThrow());
        assertThat(answer.getString(39)).isEqualTo("00");
        assertThat(jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, terminal))
                .isEqualTo(1L);
    }

    // ---- HTTP ----

    private HttpResponse<String> post(HttpClient client, byte[] body, String contentType) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/api/v1/messages"))
                .timeout(ANSWER_WITHIN.multipliedBy(3))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("submitter:submitter-local".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException hang) {
            throw new AssertionError("no answer within " + ANSWER_WITHIN.multipliedBy(3) + " to a " + body.length + "-byte input", hang);
        }
    }

    /** The start of an answer for a failure message, digits starred: an answer under test may echo card data. */
    private static String head(String body) {
        String start = body.length() > 200 ? body.substring(0, 200) + "..." : body;
        return start.replaceAll("[0-9]", "*");
    }

    // ---- what the hub kept ----

    private void assertNoCardDataInLogSinceAndDeadLetters(long logFrom) throws IOException {
        List<String> leaks = new ArrayList<>(CardDataLeaks.in("hub log", logSince(logFrom)));
        try (KafkaTestClient kafka = new KafkaTestClient(brokers)) {
            for (String deadLetters : List.of(topic + ".dlt", "payments.quarantine")) {
                for (ConsumerRecord<byte[], byte[]> record : readIfExists(kafka, deadLetters)) {
                    leaks.addAll(CardDataLeaks.in(deadLetters, record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8)));
                    record.headers().forEach(header -> leaks.addAll(CardDataLeaks.in(deadLetters + " header " + header.key(),
                            new String(header.value(), StandardCharsets.UTF_8))));
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readIfExists(KafkaTestClient kafka, String topic) {
        try {
            return kafka.readAll(topic);
        } catch (RuntimeException noSuchTopicYet) {
            return List.of();
        }
    }

    private static long logSize() throws IOException {
        Path log = Path.of(LOG_FILE);
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private static String logSince(long from) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(LOG_FILE, "r")) {
            long length = file.length();
            long start = from <= length ? from : 0;   // rolled over meanwhile: the new file is all this test's
            byte[] tail = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        }
    }
}
