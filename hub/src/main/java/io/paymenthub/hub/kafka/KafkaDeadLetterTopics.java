package io.paymenthub.hub.kafka;

import io.paymenthub.hub.config.HubProperties;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The Kafka topics the hub writes rejected and quarantined messages to: the feed's {@code <topic>.dlt} and the quarantine topic. */
public final class KafkaDeadLetterTopics {

    private KafkaDeadLetterTopics() {
    }

    public static List<String> of(HubProperties hub) {
        Set<String> topics = new LinkedHashSet<>();
        topics.add(hub.sources().kafka().topic() + ".dlt");
        String quarantine = hub.residency().quarantineUri();
        if (quarantine.startsWith("kafka:")) {
            int query = quarantine.indexOf('?');
            topics.add(quarantine.substring("kafka:".length(), query < 0 ? quarantine.length() : query));
        }
        return List.copyOf(topics);
    }
}
