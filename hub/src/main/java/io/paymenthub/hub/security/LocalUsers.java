package io.paymenthub.hub.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hub's own users ({@code hub.security.users}): who they are and their roles come from configuration; their
 * password is the newest one they set themselves ({@link PasswordHistory}), else the configured hash.
 */
final class LocalUsers implements UserDetailsService {

    private final Map<String, SecurityProperties.User> configured;
    private final PasswordHistory history;

    LocalUsers(List<SecurityProperties.User> users, PasswordHistory history) {
        this.configured = users.stream().collect(Collectors.toUnmodifiableMap(SecurityProperties.User::name, Function.identity()));
        this.history = history;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        SecurityProperties.User user = configured.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such local user");
        }
        return User.withUsername(user.name())
                .password(history.newest(user.name()).orElse(user.password()))
                .roles(user.roles().stream().map(Enum::name).toArray(String[]::new))
                .build();
    }

    /** The hashes of the user's last {@code count} passwords, newest (the current one) first. */
    List<String> lastPasswords(String username, int count) {
        List<String> hashes = new ArrayList<>(history.newest(username, count));
        SecurityProperties.User user = configured.get(username);
        if (hashes.size() < count && user != null) {
            hashes.add(user.password()); // the configured one was the first
        }
        return hashes;
    }
}
