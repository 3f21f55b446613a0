package io.paymenthub.carddata;

import io.paymenthub.samples.JposMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LogMaskingTest {

    @Test
    void truncatesAPanWrittenInFreeText() {
        assertThat(LogMasking.mask("paid with 4111111111111111 at 10:15"))
                .isEqualTo("paid with 411111******1111 at 10:15");
    }

    @Test
    void wipesNamedSensitiveIso8583Fields() {
        assertThat(LogMasking.mask("DE2=4111111111111111 DE35=4111111111111111D29122011234567800000 DE52: 1A2B3C4D5E6F7081"))
                .isEqualTo("DE2=411111******1111 DE35=[wiped] DE52: [wiped]");
        assertThat(LogMasking.mask("{\"DE055\": \"9F26080102030405060708\", \"DE11\": \"000123\"}"))
                .isEqualTo("{\"DE055\": \"[wiped]\", \"DE11\": \"000123\"}");
        assertThat(LogMasking.mask("field 45: B4111111111111111^DOE/JANE^2912201 fld-36=0123"))
                .isEqualTo("field 45: [wiped] fld-36=[wiped]");
        assertThat(LogMasking.mask("<field id=\"52\" value=\"1A2B3C4D5E6F7081\"/><field id=\"41\" value=\"TERM0001\"/>"))
                .isEqualTo("<field id=\"52\" value=\"[wiped]\"/><field id=\"41\" value=\"TERM0001\"/>");
        assertThat(LogMasking.mask("cvv=123 CVC2: 4567 cid 12")).isEqualTo("cvv=[wiped] CVC2: [wiped] cid 12");
    }

    @Test
    void leavesOtherFieldsAndOrdinaryNumbersAlone() {
        String line = "DE11=000123 DE22=051 DE41=TERM0001 offset 1234567 amount 12550 ref 123456789012345";
        assertThat(LogMasking.mask(line)).isEqualTo(line);
    }

    @Test
    void aRawIso8583MessageLoggedByMistakeKeepsNoPan() {
        String raw = new String(JposMessages.purchase(1, JposMessages.INDIA).pack(), StandardCharsets.ISO_8859_1);
        assertThat(raw).contains(JposMessages.VISA_TEST_PAN);

        String masked = LogMasking.mask("received " + raw);

        assertThat(masked).doesNotContain(JposMessages.VISA_TEST_PAN).doesNotContain(JposMessages.TRACK2);
        assertThat(PanMasking.countClearPans(masked)).isZero();
    }

    @Test
    void countsClearPansStandingAloneOrOpeningTrackData() {
        assertThat(PanMasking.countClearPans("card 4111111111111111, token 9f4111111111111111ab")).isEqualTo(1);
        assertThat(PanMasking.countClearPans("t2 " + JposMessages.TRACK2 + " t1 B5555555555554444^DOE/JANE^2912")).isEqualTo(2);
        assertThat(PanMasking.countClearPans("411111******1111 4111111111111112 000000000000000000000")).isZero();
    }
}
