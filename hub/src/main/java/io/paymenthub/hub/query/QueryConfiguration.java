package io.paymenthub.hub.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    PaymentSearch paymentSearch(JdbcTemplate jdbc, ObjectMapper json) {
        return new PaymentSearch(jdbc, json);
    }
}
