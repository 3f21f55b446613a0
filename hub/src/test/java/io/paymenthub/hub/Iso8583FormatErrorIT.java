package io.paymenthub.hub;

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

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests whose fields break the formats of the listener's dialect, sent by jPOS as a switch would: each is answered
 * with its response MTI, DE 39 30 and DE 44 naming the field, nothing is stored, and the hub goes on answering.
 */
@ExtendWith(OutputCaptureExtension.class)
class Iso8583FormatErrorIT extends HubIntegrationTest {

    private static final String TERMINAL = "FMTERR01";

    @Test
    void eachBadFieldIsAnswered30NamingItInDe44AndNothingIsStored(CapturedOutput log) throws Exception {
        Map<Integer, String> badFields = new LinkedHashMap<>();
        badFields.put(4, "00000001255A");          // n
        badFields.put(7, "0230101500");            // MMDDhhmmss: no 30 February
        badFields.put(12, "246000");               // hhmmss
        badFields.put(14, "2913");                 // YYMM
        badFields.put(19, "999");                  // no such country
        badFields.put(28, "X00000100");            // x+n
        badFields.put(32, "40012X");               // n, variable
        badFields.put(35, ";" + JposMessages.VISA_TEST_PAN + "=2912?");   // z: no sentinels
        badFields.put(37, "00000000000!");         // an
        badFields.put(43, String.format("%-40s", "CORNER\tSHOP"));   // ans: no control characters
        badFields.put(49, "000");                  // no such currency
        long deadLettersBefore = deadLetters();

        PostChannel channel = Iso8583TestClient.connect(ISO8583_PORT);
        try {
            int stan = 900;
            for (Map.Entry<Integer, String> bad : badFields.entrySet()) {
                stan++;
                channel.send(Iso8583TestClient.unpack(JposMessages.purchase(stan, JposMessages.INDIA).set(41, TERMINAL)
                        .set(bad.getKey(), bad.getValue()).pack()));
                ISOMsg answer = channel.receive();

                assertThat(answer.getMTI()).isEqualTo("0210");
                assertThat(answer.getString(39)).as("DE %d", bad.getKey()).isEqualTo("30");
                assertThat(answer.getString(44)).isEqualTo(String.format("%03d", bad.getKey()));
                assertThat(answer.getString(11)).isEqualTo(String.format("%06d", stan));
                assertThat(answer.hasField(bad.getKey())).as("the bad DE %d is not echoed", bad.getKey()).isFalse();
                assertThat(answer.hasAny(new int[] {2, 35, 52})).isFalse();
            }

            // the same connection still serves a good request
            channel.send(Iso8583TestClient.unpack(JposMessages.purchase(999, JposMessages.INDIA).set(41, TERMINAL).pack()));
            ISOMsg approved = channel.receive();
            assertThat(approved.getString(39)).isEqualTo("00");
            assertThat(approved.hasField(44)).isFalse();
        } finally {
            channel.disconnect();
        }

        assertThat(rows(TERMINAL)).as("only the good request is stored").isEqualTo(1);
        assertThat(deadLetters() - deadLettersBefore).isEqualTo(badFields.size());
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_event where source = 'iso8583' and reason = 'DE49'",
                Long.class)).isPositive();
        assertThat(log.getAll()).contains("ISO 8583 request rejected: DE49: not an ISO 4217 currency")
                .contains("ISO 8583 request rejected: DE7: not a date and time on the calendar (MMDDhhmmss)")
                // after the name of a card data field the log masking wipes the next word, whatever it is
                .contains("ISO 8583 request rejected: DE35: [wiped] z (track digits and the separator = or D)")
                .doesNotContain("CORNER\tSHOP").doesNotContain("40012X");
        assertThat(CardDataLeaks.in("hub log", log.getAll())).isEmpty();
    }

    @Test
    void aRepeatGetsTheAnswerItsFirstCopyGot() throws Exception {
        String terminal = "FMTREP01";
        PostChannel channel = Iso8583TestClient.connect(ISO8583_PORT);
        try {
            JposMessages rejected = JposMessages.purchase(951, JposMessages.INDIA).set(41, terminal).set(49, "000");
            ISOMsg first = exchange(channel, rejected.mti("0200"));
            ISOMsg repeat = exchange(channel, rejected.mti("0201"));

            assertThat(first.getString(39)).isEqualTo("30");
            assertThat(repeat.getMTI()).isEqualTo(first.getMTI()).isEqualTo("0210");
            assertThat(repeat.getString(39)).isEqualTo("30");
            assertThat(repeat.getString(44)).isEqualTo(first.getString(44)).isEqualTo("049");
            assertThat(repeat.pack()).isEqualTo(first.pack());

            JposMessages advice = JposMessages.purchase(952, JposMessages.INDIA).set(41, terminal);
            ISOMsg stored = exchange(channel, advice.mti("0220"));
            ISOMsg storedRepeat = exchange(channel, advice.mti("0221"));

            assertThat(stored.getMTI()).isEqualTo("0230");
            assertThat(stored.getString(39)).isEqualTo("00");
            assertThat(storedRepeat.pack()).isEqualTo(stored.pack());
        } finally {
            channel.disconnect();
        }
        assertThat(rows(terminal)).as("the advice once, the rejected purchase never").isEqualTo(1);
    }

    private static ISOMsg exchange(PostChannel channel, JposMessages request) throws Exception {
        channel.send(Iso8583TestClient.unpack(request.pack()));
        return channel.receive();
    }

    private long rows(String terminal) {
        return jdbc.queryForObject("select count(*) from payment where message_id like '%:' || ?", Long.class, terminal);
    }

    private long deadLetters() {
        return jdbc.queryForObject("select count(*) from dead_letter_event where source = 'iso8583'", Long.class);
    }
}
