package io.paymenthub.hub.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordRulesTest {

    @Test
    void twelveCharactersWithLettersAndDigitsPass() {
        assertThat(PasswordRules.problems("correct7horse")).isEmpty();
        assertThat(PasswordRules.problems("ünïcödé-1234")).isEmpty();
    }

    @Test
    void eachBrokenRuleIsNamed() {
        assertThat(PasswordRules.problems("short1")).containsExactly("new: at least 12 characters");
        assertThat(PasswordRules.problems("onlylettershere")).containsExactly("new: both letters and digits");
        assertThat(PasswordRules.problems("123456789012345")).containsExactly("new: both letters and digits");
        assertThat(PasswordRules.problems("a1".repeat(37))).containsExactly("new: at most 72 bytes (UTF-8)");
    }
}
