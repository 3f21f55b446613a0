package io.paymenthub.hub.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.util.List;

/** Everything but the health probes needs a login; each area needs its role. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers("/actuator/**").hasRole("OPS")
                        .requestMatchers("/api/v1/messages/**").hasRole("SUBMITTER")
                        .requestMatchers("/api/v1/audit/**").hasRole("AUDITOR")
                        .requestMatchers("/api/v1/**", "/dashboard/**").hasRole("ANALYST")
                        .anyRequest().authenticated())
                // machine clients use basic auth without a session; Hawtio's Jolokia calls come from the logged-in page;
                // key operations are scripted by ops like Jolokia calls
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/actuator/jolokia/**", "/actuator/hubkeys/**"))
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties) {
        List<UserDetails> users = properties.users().stream()
                .map(user -> User.withUsername(user.name())
                        .password(user.password())
                        .roles(user.roles().stream().map(Enum::name).toArray(String[]::new))
                        .build())
                .map(UserDetails.class::cast)
                .toList();
        return new InMemoryUserDetailsManager(users);
    }
}
