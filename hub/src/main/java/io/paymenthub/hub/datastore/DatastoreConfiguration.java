package io.paymenthub.hub.datastore;

import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.Map;

@Configuration(proxyBeanMethods = false)
public class DatastoreConfiguration {

    /** The migrations name the application's role as {@code ${app_role}}. */
    @Bean
    FlywayConfigurationCustomizer applicationRolePlaceholder(DatastoreProperties properties) {
        return flyway -> {
            Map<String, String> placeholders = new HashMap<>(flyway.getPlaceholders());
            placeholders.put("app_role", properties.appRole());
            flyway.placeholders(placeholders);
        };
    }
}
