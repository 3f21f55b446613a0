package io.paymenthub.carddata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PanMaskingTest {

    @Test
    void keepsAtMostTheFirstSixAndLastFourAndAlwaysHidesSixDigits() {
        assertThat(PanMasking.mask("6011000990139424123")).isEqualTo("601100*********4123");
        assertThat(PanMasking.mask("601100099013942412")).isEqualTo("601100********2412");
        assertThat(PanMasking.mask("60110009901394241")).isEqualTo("601100*******4241");
        assertThat(PanMasking.mask("4111111111111111")).isEqualTo("411111******1111");
        assertThat(PanMasking.mask("378282246310005")).isEqualTo("37828******0005");
        assertThat(PanMasking.mask("36227206271667")).isEqualTo("3622******1667");
        assertThat(PanMasking.mask("4222222222222")).isEqualTo("422******2222");
        assertThat(PanMasking.mask("501800000009")).isEqualTo("50******0009");
        assertThat(PanMasking.mask("12345678901")).isEqualTo("***********");
    }

    @Test
    void everyTruncatedFormHidesAtLeastSixDigits() {
        for (int length = 12; length <= 19; length++) {
            String masked = PanMasking.mask("9".repeat(length));
            assertThat(masked.chars().filter(c -> c == '*').count()).as("length %d", length).isGreaterThanOrEqualTo(6);
            assertThat(masked).hasSize(length).endsWith("9999");
        }
    }

    @Test
    void checksLuhn() {
        assertThat(PanMasking.isLuhnValid("4111111111111111")).isTrue();
        assertThat(PanMasking.isLuhnValid("4111111111111112")).isFalse();
    }

    @Test
    void wipesTrackDataAndTruncatesPansInFreeText() {
        String text = "pan 4111111111111111 t2 4111111111111111=29122011234567800000 t1 B4111111111111111^DOE/JANE^2912201 ref 123456789012345";

        String wiped = PanMasking.wipeText(text);

        assertThat(wiped).doesNotContain("4111111111111111").doesNotContain("2912201")
                .contains("pan 411111******1111").contains("ref 123456789012345");
        assertThat(PanMasking.containsLuhnValidRun(wiped)).isFalse();
    }

    @Test
    void findsEveryDigitRunWhereverItStands() {
        // at the start, at the end, glued to letters, a 12-digit run left alone, a 21-digit run hiding a PAN
        assertThat(PanMasking.wipeText("4111111111111111<a>5555555555554444"))
                .isEqualTo("411111******1111<a>555555******4444");
        assertThat(PanMasking.wipeText("x123456789012y")).isEqualTo("x123456789012y");
        assertThat(PanMasking.wipeText("id 004111111111111111000 end")).isEqualTo("id ********************* end");
        assertThat(PanMasking.wipeText("no digits here")).isEqualTo("no digits here");
    }

    @Test
    void masksCardNumbersTypedIntoKeptTextButNotTokensOrReferences() {
        String token = "9f41111111111111116b" + "a".repeat(44);

        assertThat(PanMasking.maskCardNumbers("GET /api/v1/payments/4111111111111111"))
                .isEqualTo("GET /api/v1/payments/411111******1111");
        assertThat(PanMasking.maskCardNumbers("card 4111 1111 1111 1111 and 3782-822463-10005"))
                .isEqualTo("card 411111******1111 and 37828******0005");
        assertThat(PanMasking.maskCardNumbers("t2 4111111111111111=29122011234567800000 ok"))
                .isEqualTo("t2 [track wiped] ok");
        assertThat(PanMasking.maskCardNumbers("{\"pan_tokens\":[\"" + token + "\"],\"stan\":\"123456\"}"))
                .contains(token).contains("123456");
        assertThat(PanMasking.maskCardNumbers("ref 4111111111111112 is no card")).isEqualTo("ref 4111111111111112 is no card");
        assertThat(PanMasking.countClearPans(PanMasking.maskCardNumbers("/payments/5555555555554444?pan=4012888888881881")))
                .isZero();
    }
}
