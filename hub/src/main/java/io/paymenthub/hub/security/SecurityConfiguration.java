package io.paymenthub.hub.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.security.SecurityProperties.Mode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import java.time.Clock;

/**
 * Who may do what (docs/security.md): everything but the health probes needs authentication, each area needs its
 * role, anything not listed is denied. Login failures are throttled and audited, as are refused accesses.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The dashboard runs only its own scripts and talks only to the hub. */
    private static final String DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, SecurityProperties properties, LoginThrottle throttle,
                                    LoginAuditQuota loginAuditQuota, AuditLog audit, LoginFailures loginFailures,
                                    org.springframework.beans.factory.ObjectProvider<JwtAuthenticationConverter> jwtRoles)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness", "/error").permitAll()
                        // the scraper's machine role reaches the scrape and nothing else (MfaRequired)
                        .requestMatchers("/actuator/prometheus").hasAnyRole("OPS", "MONITORING")
                        .requestMatchers("/actuator/**").hasRole("OPS")
                        .requestMatchers("/api/v1/messages", "/api/v1/messages/**").hasRole("SUBMITTER")
                        .requestMatchers("/api/v1/audit/**").hasRole("AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/access-grants/*/approve").hasRole("APPROVER")
                        // the users who request grants, and the approvers; the scope's own role is checked on request
                        .requestMatchers("/api/v1/access-grants", "/api/v1/access-grants/*", "/api/v1/access-grants/*/revoke")
                        .hasAnyRole("OPS", "ANALYST", "AUDITOR", "APPROVER")
                        .requestMatchers("/api/v1/payments", "/api/v1/payments/**", "/api/v1/stats", "/api/v1/analytics/**").hasRole("ANALYST")
                        .requestMatchers("/dashboard", "/dashboard/**", "/webjars/**").hasRole("ANALYST")
                        .requestMatchers("/").authenticated()
                        // a local user's own password (users mode; the identity provider keeps them in oidc mode)
                        .requestMatchers(HttpMethod.POST, "/api/v1/account/password").authenticated()
                        .anyRequest().denyAll())
                .addFilterBefore(new LoginThrottleFilter(throttle, loginAuditQuota, audit, loginFailures), BasicAuthenticationFilter.class)
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        PathPatternRequestMatcher.withDefaults().matcher("/dashboard/**"), new StaticHeadersWriter("Content-Security-Policy", DASHBOARD_CSP))));
        if (properties.mode() == Mode.OIDC) {
            // bearer tokens only: nothing a browser sends by itself, so no session and no CSRF token
            http.oauth2ResourceServer(server -> server
                            .jwt(jwt -> jwt.jwtAuthenticationConverter(jwtRoles.getObject()))
                            .accessDeniedHandler(new AuditingAccessDeniedHandler(audit, new BearerTokenAccessDeniedHandler())))
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .csrf(csrf -> csrf.disable());
        } else {
            http.formLogin(Customizer.withDefaults())
                    .httpBasic(Customizer.withDefaults())
                    .exceptionHandling(errors -> errors.accessDeniedHandler(
                            new AuditingAccessDeniedHandler(audit, new AccessDeniedHandlerImpl())))
                    // browser sessions (dashboard, Hawtio, the login form) carry the token; a request that brings its
                    // own credentials (HTTP Basic from a script) or no cookie at all has nothing a third-party page
                    // could ride on, and gets the plain 401/403 of the rules
                    .csrf(csrf -> csrf
                            .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                            .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
                            .ignoringRequestMatchers(request -> request.getHeader("Authorization") != null
                                    || request.getCookies() == null));
        }
        return http.build();
    }

    @Bean
    LoginThrottle loginThrottle(SecurityProperties properties) {
        var limits = properties.loginThrottle();
        return new LoginThrottle(limits.maxFailures(), limits.maxFailuresPerAddress(), limits.lockout(), limits.maxTracked(),
                Clock.systemUTC());
    }

    /** Closed (writing its open summaries) before the audit log's datastore, which it depends on. */
    @Bean
    LoginAuditQuota loginAuditQuota(SecurityProperties properties, AuditLog audit) {
        var limits = properties.loginThrottle();
        return new LoginAuditQuota(audit::append, limits.maxFailuresPerAddress(), limits.lockout(), limits.maxTracked(),
                Clock.systemUTC());
    }

    @Bean
    LoginFailures loginFailures(MeterRegistry meters) {
        return new LoginFailures(meters);
    }

    @Bean
    AuthenticationAudit authenticationAudit(AuditLog audit, LoginThrottle throttle, LoginAuditQuota loginAuditQuota,
                                            LoginFailures loginFailures, ObjectMapper json) {
        return new AuthenticationAudit(audit, throttle, loginAuditQuota, loginFailures, json);
    }

    /** Every failure is published, whatever exception a provider throws, so every failure is audited. */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
        var publisher = new DefaultAuthenticationEventPublisher(events);
        publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
        return publisher;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Added by Spring Boot to the validators of the JWT decoder it builds from spring.security.oauth2.resourceserver.jwt.*. */
    @Bean
    @ConditionalOnProperty(name = "hub.security.mode", havingValue = "oidc")
    OAuth2TokenValidator<Jwt> mfaRequired(SecurityProperties properties) {
        return new MfaRequired(properties.oidc().mfaClaim(), properties.oidc().mfaMethods(), claimRoles(properties));
    }

    @Bean
    @ConditionalOnProperty(name = "hub.security.mode", havingValue = "oidc")
    JwtAuthenticationConverter jwtRoles(SecurityProperties properties) {
        var converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(properties.oidc().principalClaim());
        converter.setJwtGrantedAuthoritiesConverter(claimRoles(properties));
        return converter;
    }

    private static ClaimRoles claimRoles(SecurityProperties properties) {
        return new ClaimRoles(properties.oidc().rolesClaim(), properties.oidc().roleMapping());
    }
}
