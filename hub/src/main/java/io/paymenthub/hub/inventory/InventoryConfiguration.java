package io.paymenthub.hub.inventory;

import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.keys.HubKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class InventoryConfiguration {

    @Bean
    CryptoInventory cryptoInventory(HubKeys keys, HubProperties properties, Environment environment) {
        return new CryptoInventory(keys, properties, environment, Clock.systemUTC());
    }

    @Bean
    AccessReview accessReview(JdbcTemplate jdbc, HubProperties properties) {
        return new AccessReview(jdbc, properties.security());
    }
}
