package io.paymenthub.hub.security;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Optional;

/** The bcrypt hashes of local users' own password changes, newest first ({@code local_user_password}). */
final class PasswordHistory {

    private final JdbcTemplate jdbc;

    PasswordHistory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> newest(String username) {
        return newest(username, 1).stream().findFirst();
    }

    List<String> newest(String username, int count) {
        return jdbc.queryForList("""
                select password_hash from local_user_password where username = ? order by changed_at desc limit ?
                """, String.class, username, count);
    }

    void add(String username, String hash) {
        jdbc.update("insert into local_user_password (username, password_hash) values (?, ?)", username, hash);
    }
}
