package io.paymenthub.hub.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.keys.HubKeys;
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

    /** Jolokia is a servlet of its own, behind Spring Security: its operations are audited on the way through. */
    @Bean
    FilterRegistrationBean<AuditJolokiaOperationsFilter> auditJolokiaOperations(AuditLog audit, ObjectMapper json) {
        var registration = new FilterRegistrationBean<>(new AuditJolokiaOperationsFilter(audit, json));
        registration.addUrlPatterns("/actuator/jolokia", "/actuator/jolokia/*", "/actuator/hawtio/jolokia", "/actuator/hawtio/jolokia/*");
        return registration;
    }
}
