package io.paymenthub.hub.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.config.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.List;

@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    RetentionProperties retentionProperties(HubProperties properties) {
        RetentionProperties retention = properties.retention();
        List<String> problems = retention.problems(properties.region());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Retention settings refused: " + String.join("; ", problems));
        }
        return retention;
    }

    @Bean
    RetentionPurge retentionPurge(JdbcTemplate jdbc, AuditLog audit, RetentionProperties retention, HubProperties properties) {
        return new RetentionPurge(jdbc, audit, retention, properties.region(), Clock.systemUTC());
    }

    @Bean
    RetentionReports retentionReports(JdbcTemplate jdbc, ObjectMapper json, RetentionProperties retention,
                                      HubProperties properties) {
        return new RetentionReports(jdbc, json, retention, properties.region(), Clock.systemUTC());
    }
}
