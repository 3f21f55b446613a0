package io.paymenthub.hub.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The {@code users} mode (docs/security.md, "Local profile: the hub's own users"): the configured users, the
 * passwords they set themselves, and the rules both follow. Refused with the prod profile
 * ({@link LocalUsersRefusedInProd}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.security.mode", havingValue = "users", matchIfMissing = true)
class LocalUsersConfiguration {

    @Bean
    PasswordHistory passwordHistory(JdbcTemplate jdbc) {
        return new PasswordHistory(jdbc);
    }

    @Bean
    LocalUsers users(SecurityProperties properties, PasswordHistory history, ServerProperties server) {
        IdleSessionLimit.check(server);
        return new LocalUsers(properties.users(), history);
    }

    @Bean
    PasswordChanges passwordChanges(LocalUsers users, PasswordHistory history, PasswordEncoder encoder, LoginThrottle throttle) {
        return new PasswordChanges(users, history, encoder, throttle);
    }
}
