package io.paymenthub.hub.kafka;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The security settings of the hub's Kafka component ({@code camel.component.kafka.*}: protocol, SASL, TLS stores),
 * for the Kafka clients the hub makes itself, so that each of them talks to the brokers exactly as the routes do.
 */
public final class KafkaClientSecurity {

    private KafkaClientSecurity() {
    }

    /** {@code security.protocol}, {@code sasl.*} and {@code ssl.*} client properties, as the component would set them. */
    public static Map<String, Object> of(CamelContext camel) {
        Properties consumer = camel.getComponent("kafka", KafkaComponent.class).getConfiguration().createConsumerProperties();
        Map<String, Object> security = new TreeMap<>();
        consumer.forEach((key, value) -> {
            String name = key.toString();
            if (value != null && (name.equals("security.protocol") || name.startsWith("sasl.") || name.startsWith("ssl."))) {
                security.put(name, value);
            }
        });
        return security;
    }
}
