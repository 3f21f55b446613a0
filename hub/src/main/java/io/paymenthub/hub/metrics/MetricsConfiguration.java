package io.paymenthub.hub.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The counting steps the routes name: {@code process: { ref: countResidencyDecision }}. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    Processor countResidencyDecision(MeterRegistry meters) {
        return new CountResidencyDecisionProcessor(meters);
    }

    @Bean
    Processor countDeadLetter(MeterRegistry meters) {
        return new CountDeadLetterProcessor(meters);
    }
}
