package io.paymenthub.hub;

import io.paymenthub.devservices.DevServices;
import io.paymenthub.hub.support.CardDataLeaks;
import io.paymenthub.hub.support.HubIntegrationTest;
import io.paymenthub.hub.support.Iso8583TestClient;
import io.paymenthub.samples.JposMessages;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.PostChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.paymenthub.hub.support.Iso8583TestClient.frame;
import static io.paymenthub.hub.support.Iso8583TestClient.sendRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ISO 8583 listener on a real socket, driven by jPOS as an independent peer. */
@ExtendWith(OutputCaptureExtension.class)
class Iso8583ListenerIT extends HubIntegrationTest {

    @Test
    void signOnIsAnsweredAndNothingIsStored() throws Exception {
        PostChannel channel = Iso8583TestClient.connect(ISO8583_PORT);
        try {
            ISOMsg signOn = new ISOMsg("0800");
            signOn.set(7, "1126101500");
            signOn.set(11, "000777");
            signOn.set(41, "NET00001");
            signOn.set(70, "001");
            channel.send(signOn);
            ISOMsg answer = channel.receive();

            assertThat(answer.getMTI()).isEqualTo("0810");
            assertThat(answer.getString(39)).isEqualTo("00");
            assertThat(answer.getString(11)).isEqualTo("000777");
        } finally {
            channel.disconnect();
        }
        assertThat(rows("NET00001")).isZero();
    }

    @Test
    void fiveHundredPurchasesOverEightConnectionsAreStoredAndApproved(CapturedOutput log) throws Exception {
        Map<String, ISOMsg> answers = new ConcurrentHashMap<>();
        ExecutorService banks = Executors.newFixedThreadPool(8);
        List<Future<?>> connections = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int first = c * 63 + 1;
            int last = Math.min(first + 63, 501);
            connections.add(banks.submit(() -> {
                PostChannel channel = Iso8583TestClient.connect(ISO8583_PORT);
                try {
                    for (int stan = first; stan < last; stan++) {   // all in flight before the first answer is read
                        channel.send(Iso8583TestClient.unpack(
                                JposMessages.purchase(stan, JposMessages.INDIA).set(41, "TCP00001").pack()));
                    }
                    for (int stan = first; stan < last; stan++) {
                        ISOMsg answer = channel.receive();
                        answers.put(answer.getString(11), answer);
                    }
                } finally {
                    channel.disconnect();
                }
                return null;
            }));
        }
        for (Future<?> connection : connections) {
            connection.get();
        }
        banks.shutdown();

        assertThat(answers).hasSize(500);
        for (Map.Entry<String, ISOMsg> entry : answers.entrySet()) {
            String stan = entry.getKey();
            ISOMsg answer = entry.getValue();
            assertThat(answer.getMTI()).isEqualTo("0210");
            assertThat(answer.getString(39)).isEqualTo("00");
            assertThat(answer.getString(37)).isEqualTo(String.format("%012d", Integer.parseInt(stan)));
            assertThat(answer.getString(41)).isEqualTo("TCP00001");
            assertThat(answer.hasAny(new int[] {2, 35, 52, 55})).isFalse();
        }
        assertThat(rows("TCP00001")).isEqualTo(500);
        String table = String.join("\n", jdbc.queryForList("select row_to_json(p)::text from payment p", String.class));
        assertThat(CardDataLeaks.in("payment table", table)).isEmpty();
        assertThat(CardDataLeaks.in("hub log", log.getAll())).isEmpty();
    }

    @Test
    void aReversalIsStoredAndLinkedToItsOriginal() throws Exception {
        PostChannel channel = Iso8583TestClient.connect(ISO8583_PORT);
        try {
            channel.send(Iso8583TestClient.unpack(JposMessages.purchase(41, JposMessages.INDIA).set(41, "REV00001").pack()));
            assertThat(channel.receive().getString(39)).isEqualTo("00");
            String originalData = "0200" + "000041" + "1126101500" + String.format("%011d", 400123) + "0".repeat(11);
            channel.send(Iso8583TestClient.unpack(JposMessages.purchase(42, JposMessages.INDIA).mti("0400")
                    .set(41, "REV00001").set(90, originalData).pack()));
            ISOMsg answer = channel.receive();

            assertThat(answer.getMTI()).isEqualTo("0410");
            assertThat(answer.getString(39)).isEqualTo("00");
        } finally {
            channel.disconnect();
        }
        assertThat(jdbc.queryForObject("select original_message_id from payment where message_id = '0400:000042:1126101500:400123:REV00001'",
                String.class)).isEqualTo("0200:000041:1126101500:400123:REV00001");
    }

    @Test
    void malformedFramesGet30OrAClosedConnectionAndTheNextMessageIsAnswered(CapturedOutput log) throws Exception {
        byte[] valid = JposMessages.purchase(61, JposMessages.INDIA).set(41, "BAD00001").pack();
        byte[] badBitmap = valid.clone();
        Arrays.fill(badBitmap, 4, 20, (byte) 'Z');
        byte[] truncated = Arrays.copyOf(valid, valid.length - 9);
        byte[] garbage = new byte[64];
        new java.util.Random(8583).nextBytes(garbage);
        byte[] oversizedHeader = {(byte) 0xFF, (byte) 0xFF, '0', '2', '0', '0'};
        byte[] shortHeader = {0x00, 0x40, '0', '2', '0', '0'};   // announces 64 bytes, sends 4, then closes

        for (byte[] malformed : List.of(frame(badBitmap), frame(truncated), frame(garbage), oversizedHeader)) {
            Optional<byte[]> answer = sendRaw(ISO8583_PORT, malformed);
            answer.ifPresent(bytes -> assertThat(Iso8583TestClient.unpack(bytes).getString(39)).isEqualTo("30"));
        }
        try (java.net.Socket socket = new java.net.Socket("localhost", ISO8583_PORT)) {
            socket.getOutputStream().write(shortHeader);
        }

        byte[] missingTraceNumber = JposMessages.purchase(62, JposMessages.INDIA).set(41, "BAD00001").unset(11).pack();
        ISOMsg rejected = Iso8583TestClient.unpack(sendRaw(ISO8583_PORT, frame(missingTraceNumber)).orElseThrow());
        assertThat(rejected.getMTI()).isEqualTo("0210");
        assertThat(rejected.getString(39)).isEqualTo("30");
        assertThat(log.getAll()).contains("ISO 8583 request rejected: DE11: required");

        ISOMsg approved = Iso8583TestClient.unpack(sendRaw(ISO8583_PORT, frame(valid)).orElseThrow());
        assertThat(approved.getString(39)).isEqualTo("00");
        assertThat(rows("BAD00001")).isEqualTo(1);
        assertThat(CardDataLeaks.in("hub log", log.getAll())).isEmpty();
    }

    @Test
    void withTheDatastoreDownThePurchaseGets96AndItsRetryIsStoredOnce() throws Exception {
        byte[] purchase = frame(JposMessages.purchase(71, JposMessages.INDIA).set(41, "PGD00001").pack());
        DevServices.get().postgres().stopServer();
        try {
            ISOMsg answer = Iso8583TestClient.unpack(sendRaw(ISO8583_PORT, purchase).orElseThrow());
            assertThat(answer.getMTI()).isEqualTo("0210");
            assertThat(answer.getString(39)).isEqualTo("96");
        } finally {
            DevServices.get().postgres().startServer();
        }
        // pooled connections died with the server: wait until the datastore answers again
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> rows("PGD00001") == 0);

        // the sender retries until approved, as a switch does after a 96
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Iso8583TestClient.unpack(sendRaw(ISO8583_PORT, purchase).orElseThrow()).getString(39).equals("00"));
        ISOMsg again = Iso8583TestClient.unpack(sendRaw(ISO8583_PORT, purchase).orElseThrow());
        assertThat(again.getString(39)).isEqualTo("00");
        assertThat(rows("PGD00001")).isEqualTo(1);
    }

    private long rows(String terminal) {
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, terminal);
    }
}
