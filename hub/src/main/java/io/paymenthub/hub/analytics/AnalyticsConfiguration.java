package io.paymenthub.hub.analytics;

import io.paymenthub.hub.config.HubProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class AnalyticsConfiguration {

    @Bean
    AnalyticsProperties analyticsProperties(HubProperties properties) {
        return properties.analytics();
    }

    @Bean
    RollupFold rollupFold(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new RollupFold(jdbc, transactions);
    }

    @Bean
    AnalyticsQueries analyticsQueries(JdbcTemplate jdbc, TransactionTemplate transactions, AnalyticsProperties properties) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
        readOnly.setReadOnly(true);
        return new AnalyticsQueries(jdbc, readOnly, properties);
    }
}
