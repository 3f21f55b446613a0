package io.paymenthub.hub.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commits a consumed batch, and only after every message in it was stored, forwarded or dead-lettered.
 * A batch may span partitions: the last record of each partition is committed, not just the batch's last
 * record (which would leave the other partitions to be replayed).
 */
@Component("commitKafkaBatch")
class CommitKafkaBatchProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        List<?> records = exchange.getMessage().getBody(List.class);
        Map<Integer, KafkaManualCommit> lastPerPartition = new LinkedHashMap<>();
        for (Object record : records) {
            Exchange consumed = (Exchange) record;
            Integer partition = consumed.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
            lastPerPartition.put(partition,
                    consumed.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        }
        lastPerPartition.values().forEach(KafkaManualCommit::commit);
    }
}
