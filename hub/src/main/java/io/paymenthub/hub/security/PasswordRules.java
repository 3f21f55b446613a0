package io.paymenthub.hub.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a local user's new password must be (PCI DSS 8.3.6): at least 12 characters, letters and digits; and at most
 * 72 bytes, all that bcrypt reads. Each broken rule is named, never the password.
 */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_BYTES = 72;

    private PasswordRules() {
    }

    static List<String> problems(String password) {
        List<String> problems = new ArrayList<>();
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            problems.add("new: at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            problems.add("new: at most " + MAX_BYTES + " bytes (UTF-8)");
        }
        if (password.codePoints().noneMatch(Character::isLetter) || password.codePoints().noneMatch(Character::isDigit)) {
            problems.add("new: both letters and digits");
        }
        return problems;
    }
}
