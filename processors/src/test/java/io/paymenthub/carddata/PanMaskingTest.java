package io.paymenthub.carddata;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PanMaskingTest {

    @Test
    void keepsTheFirstSixAndLastFour() {
        assertThat(PanMasking.mask("4111111111111111")).isEqualTo("411111******1111");
        assertThat(PanMasking.mask("5555555555554444")).isEqualTo("555555******4444");
        assertThat(PanMasking.mask("4222222222222")).isEqualTo("422222***2222");
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
}
