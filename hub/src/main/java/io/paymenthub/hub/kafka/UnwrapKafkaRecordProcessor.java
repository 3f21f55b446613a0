package io.paymenthub.hub.kafka;

import io.paymenthub.ingest.ExchangeKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * One record of a consumed batch as the ingest path expects it: its bytes as the body, the sender's
 * {@code hub-format} header, and topic/partition/offset as the source reference.
 */
@Component("unwrapKafkaRecord")
class UnwrapKafkaRecordProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        Message record = exchange.getMessage().getBody(Exchange.class).getMessage();
        Message message = exchange.getMessage();
        exchange.setProperty(ExchangeKeys.SOURCE, "kafka");
        exchange.setProperty(ExchangeKeys.SOURCE_REF, record.getHeader(KafkaConstants.TOPIC) + "/"
                + record.getHeader(KafkaConstants.PARTITION) + "/" + record.getHeader(KafkaConstants.OFFSET));
        Object namedFormat = record.getHeader(ExchangeKeys.FORMAT_HEADER);
        if (namedFormat != null) {
            message.setHeader(ExchangeKeys.FORMAT_HEADER, namedFormat);
        }
        message.setBody(record.getBody());
    }
}
