package io.paymenthub.hub.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.delivery.DatastoreCircuit;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** The counting steps the routes name: {@code process: { ref: countResidencyDecision }}. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    Processor countResidencyDecision(MeterRegistry meters) {
        return new CountResidencyDecisionProcessor(meters);
    }

    @Bean
    DeadLetterEvents deadLetterEvents(DataSource dataSource, MeterRegistry meters, DatastoreCircuit circuit) {
        return new DeadLetterEvents(dataSource, meters, circuit);
    }

    /** A message rejected by the shared error handling: recorded with the field its rejection names. */
    @Bean
    Processor countDeadLetter(DeadLetterEvents events) {
        return new CountDeadLetterProcessor(events, null);
    }

    /** An S3 object over its feed's size limit, refused unread. */
    @Bean
    Processor countOversizedDeadLetter(DeadLetterEvents events) {
        return new CountDeadLetterProcessor(events, "max-object-bytes");
    }
}
