package io.paymenthub.hub.security;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.ArrayList;
import java.util.List;

/**
 * A local user changes their own password: the current one must be given (a wrong one counts as a failed login, so
 * a left-open session cannot guess it freely), the new one must follow {@link PasswordRules} and differ from the last
 * {@value #HISTORY} passwords (PCI DSS 8.3.7). Returns the rules broken; none means the change is stored.
 */
final class PasswordChanges {

    static final int HISTORY = 4;

    private final LocalUsers users;
    private final PasswordHistory history;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;

    PasswordChanges(LocalUsers users, PasswordHistory history, PasswordEncoder encoder, LoginThrottle throttle) {
        this.users = users;
        this.history = history;
        this.encoder = encoder;
        this.throttle = throttle;
    }

    List<String> change(String username, String address, String current, String next) {
        List<String> problems = new ArrayList<>();
        if (current == null || current.isEmpty()) {
            problems.add("current: required");
        }
        if (next == null || next.isEmpty()) {
            problems.add("new: required");
        } else {
            problems.addAll(PasswordRules.problems(next));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        List<String> last = users.lastPasswords(username, HISTORY);
        if (last.isEmpty() || tooLongForBcrypt(current) || !encoder.matches(current, last.get(0))) {
            throttle.failed(username, address);
            return List.of("current: does not match the current password");
        }
        if (last.stream().anyMatch(hash -> encoder.matches(next, hash))) {
            return List.of("new: differs from the last " + HISTORY + " passwords");
        }
        history.add(username, encoder.encode(next));
        return List.of();
    }

    /** bcrypt reads 72 bytes; a longer one was never set here, and Spring's encoder refuses to compare it. */
    private static boolean tooLongForBcrypt(String password) {
        return password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PasswordRules.MAX_BYTES;
    }
}
