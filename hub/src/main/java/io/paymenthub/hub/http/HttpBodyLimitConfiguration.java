package io.paymenthub.hub.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.metrics.DeadLetterEvents;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The body limit of the HTTP sources: every path under {@code /api/v1/messages}, after authentication. */
@Configuration(proxyBeanMethods = false)
class HttpBodyLimitConfiguration {

    @Bean
    FilterRegistrationBean<HttpBodyLimitFilter> httpBodyLimit(HubProperties properties, ObjectMapper json,
                                                              DeadLetterEvents deadLetters) {
        FilterRegistrationBean<HttpBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new HttpBodyLimitFilter(properties.sources().http().maxBodyBytes(), json, deadLetters));
        registration.addUrlPatterns("/api/v1/messages", "/api/v1/messages/*");
        // after Spring Security's filters: an unauthenticated sender is refused before its body is read
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
