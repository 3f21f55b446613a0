package io.paymenthub.hub.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.archive.RegionalArchive;
import io.paymenthub.hub.audit.AuditLog;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.kafka.KafkaClientSecurity;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    RetentionOutsideTheDatastore retentionOutsideTheDatastore(RetentionProperties retention, HubProperties properties,
                                                              RegionalArchive archive, CamelContext camel) {
        Map<String, Object> kafka = new HashMap<>(KafkaClientSecurity.of(camel));
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.sources().kafka().brokers());
        return new RetentionOutsideTheDatastore(retention, properties.region(),
                () -> properties.archive().enabled() ? archive : null,
                RetentionOutsideTheDatastore.kafkaTopics(properties), kafka);
    }

    /** Checked once started, off the start-up path: an unreachable broker or bucket delays nothing. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> retentionCheckAtStartUp(RetentionOutsideTheDatastore outside) {
        return ready -> {
            Thread check = new Thread(outside::checkAtStartUp, "retention-check");
            check.setDaemon(true);
            check.start();
        };
    }

    @Bean
    RetentionReports retentionReports(JdbcTemplate jdbc, ObjectMapper json, RetentionProperties retention,
                                      HubProperties properties, RetentionOutsideTheDatastore outside) {
        return new RetentionReports(jdbc, json, retention, properties.region(), Clock.systemUTC(), outside);
    }
}
