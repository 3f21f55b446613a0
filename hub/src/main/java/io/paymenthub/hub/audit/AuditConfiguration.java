package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.keys.HubKeys;
import io.paymenthub.hub.metrics.HubMeters;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, HubKeys keys) {
        return new AuditLog(jdbc, transactions, json, keys);
    }

    @Bean
    AuditAnchors auditAnchors(JdbcTemplate jdbc, ObjectMapper json, HubProperties properties) {
        return new AuditAnchors(jdbc, json, properties.region(), properties.audit(), Clock.systemUTC());
    }

    @Bean
    AuditChainCheck auditChainCheck(AuditLog audit, AuditAnchors anchors, HubProperties properties) {
        return new AuditChainCheck(audit, anchors, properties.audit().verifyInterval());
    }

    /** The chain's health for the alert rules: verified, and anchored on time. */
    @Bean
    MeterBinder auditMeters(AuditChainCheck check, AuditAnchors anchors) {
        return registry -> {
            Gauge.builder(HubMeters.AUDIT_CHAIN_VALID, check, AuditChainCheck::valid)
                    .description("1 while the audit chain held at its last verifications, 0 once one found it broken")
                    .register(registry);
            Gauge.builder(HubMeters.AUDIT_ANCHOR_AGE, anchors, a -> a.sinceAnchored().toMillis() / 1000.0).baseUnit("seconds")
                    .description("Time since this hub last anchored the audit chain's head outside the database")
                    .register(registry);
            Gauge.builder(HubMeters.AUDIT_ANCHOR_INTERVAL, anchors, a -> a.interval().toSeconds()).baseUnit("seconds")
                    .description("hub.audit.anchor-interval (0: anchoring is off)")
                    .register(registry);
        };
    }

    /** Jolokia is a servlet of its own, behind Spring Security: its operations are audited on the way through. */
    @Bean
    FilterRegistrationBean<AuditJolokiaOperationsFilter> auditJolokiaOperations(AuditLog audit, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new AuditJolokiaOperationsFilter(audit, json));
        registration.addUrlPatterns("/actuator/jolokia", "/actuator/jolokia/*", "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/*");
        return registration;
    }
}
