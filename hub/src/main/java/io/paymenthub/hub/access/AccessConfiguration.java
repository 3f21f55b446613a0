package io.paymenthub.hub.access;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.audit.AuditLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AccessConfiguration {

    @Bean
    AccessGrants accessGrants(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new AccessGrants(jdbc, transactions);
    }

    @Bean
    GrantExpiry grantExpiry(AccessGrants grants, AuditLog audit) {
        return new GrantExpiry(grants, audit);
    }

    @Bean
    AccessGate accessGate(AccessGrants grants, GrantExpiry expiry, AuditLog audit, AccessProperties properties,
                          MeterRegistry meters) {
        return new AccessGate(grants, expiry, audit, properties.panSearch(), meters);
    }

    /** Expired grants are recorded on every instance's sweep; the datastore hands each to one of them. */
    @Bean
    SchedulingConfigurer grantExpirySweep(GrantExpiry expiry, AccessProperties properties) {
        return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(expiry, properties.expirySweep());
    }
}
