package io.paymenthub.hub.config;

import io.paymenthub.hub.access.AccessProperties;
import io.paymenthub.hub.datastore.DatastoreProperties;
import io.paymenthub.hub.leaks.LeakScanProperties;
import io.paymenthub.hub.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The parts of {@link HubProperties} that features take on their own; bound and validated once, with the rest. */
@Configuration(proxyBeanMethods = false)
class HubPropertiesConfiguration {

    @Bean
    SecurityProperties securityProperties(HubProperties properties) {
        return properties.security();
    }

    @Bean
    AccessProperties accessProperties(HubProperties properties) {
        return properties.access();
    }

    @Bean
    DatastoreProperties datastoreProperties(HubProperties properties) {
        return properties.datastore();
    }

    @Bean
    LeakScanProperties leakScanProperties(HubProperties properties) {
        return properties.leakScan();
    }
}
