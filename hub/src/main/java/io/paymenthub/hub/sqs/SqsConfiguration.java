package io.paymenthub.hub.sqs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paymenthub.hub.config.HubProperties;
import io.paymenthub.hub.metrics.HubMeters;
import org.apache.camel.component.aws2.sqs.Sqs2Component;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;

/**
 * The SQS client of the inbound queues; every API call it makes is counted: {@code hub_sqs_api_calls_total{operation}}.
 * Made only when an SQS route is: a hub whose SQS sources are all disabled never builds it.
 */
@Configuration(proxyBeanMethods = false)
class SqsConfiguration {

    /** Every {@code aws2-sqs} endpoint, the hub's and the feeds': created whether or not SQS answers yet. */
    @Bean("aws2-sqs")
    Sqs2Component sqsComponent() {
        return new StartWithoutQueueSqsComponent();
    }

    @Lazy
    @Bean(destroyMethod = "close")
    SqsClient hubSqsClient(HubProperties properties, MeterRegistry meters) {
        HubProperties.Sqs sqs = properties.sources().sqs();
        SqsClientBuilder builder = SqsClient.builder()
                .region(Region.of(sqs.region()))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(config -> config.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        Counter.builder(HubMeters.SQS_API_CALLS).description("SQS API calls made by the hub")
                                .tag("operation", attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                                .register(meters).increment();
                    }
                }));
        if (sqs.endpoint() != null && !sqs.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(sqs.endpoint()));
        }
        return builder.build();
    }
}
