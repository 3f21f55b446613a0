package io.paymenthub.hub.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.provisioning.UserDetailsManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hub's own users ({@code hub.security.users}): who they are and their roles come from configuration; their
 * password is the newest one they set themselves ({@link PasswordHistory}), else the configured hash. Like the
 * in-memory manager Spring offers, users may be added while the hub runs ({@link #createUser}); they last until it
 * stops, and change nothing of the configured ones.
 */
final class LocalUsers implements UserDetailsManager {

    private final Map<String, SecurityProperties.User> configured;
    private final PasswordHistory history;
    private final Map<String, UserDetails> added = new ConcurrentHashMap<>();

    LocalUsers(List<SecurityProperties.User> users, PasswordHistory history) {
        this.configured = users.stream().collect(Collectors.toUnmodifiableMap(SecurityProperties.User::name, Function.identity()));
        this.history = history;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        SecurityProperties.User user = configured.get(username);
        if (user == null) {
            UserDetails runtime = added.get(username);
            if (runtime == null) {
                throw new UsernameNotFoundException("no such local user");
            }
            return User.withUserDetails(runtime).build();
        }
        return User.withUsername(user.name())
                .password(history.newest(user.name()).orElse(user.password()))
                .roles(user.roles().stream().map(Enum::name).toArray(String[]::new))
                .build();
    }

    @Override
    public void createUser(UserDetails user) {
        if (configured.containsKey(user.getUsername()) || added.putIfAbsent(user.getUsername(), user) != null) {
            throw new IllegalArgumentException("user exists: " + user.getUsername());
        }
    }

    @Override
    public boolean userExists(String username) {
        return configured.containsKey(username) || added.containsKey(username);
    }

    @Override
    public void updateUser(UserDetails user) {
        throw new UnsupportedOperationException("local users are configured in hub.security.users");
    }

    @Override
    public void deleteUser(String username) {
        throw new UnsupportedOperationException("local users are configured in hub.security.users");
    }

    @Override
    public void changePassword(String oldPassword, String newPassword) {
        throw new UnsupportedOperationException("POST /api/v1/account/password changes a password");
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
