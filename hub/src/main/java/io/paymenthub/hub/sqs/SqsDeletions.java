package io.paymenthub.hub.sqs;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deletes SQS messages in batches: a message is added once it is stored, forwarded or quarantined, and the
 * poll's batch is deleted with one DeleteMessageBatch call when its last message is through. A consumer thread
 * processes its poll's messages one after the other, so each thread keeps its own batch. A rejected message is
 * never added: it stays for the queue's redrive policy. Each message is deleted from the queue, and with the
 * client, of the route that received it (the hub's own queue or a feed's).
 */
@Component
class SqsDeletions {

    private static final Logger log = LoggerFactory.getLogger(SqsDeletions.class);

    private final ThreadLocal<Map<Sqs2Endpoint, List<String>>> batches = ThreadLocal.withInitial(HashMap::new);
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    /** The message is safe here: delete it with its batch. */
    void acknowledge(Exchange exchange) {
        batches.get().computeIfAbsent(queueOf(exchange), queue -> new ArrayList<>())
                .add(exchange.getMessage().getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class));
        flushIfLast(exchange);
    }

    /** The message stays in the queue; still delete the others of its batch if it is the last one. */
    void flushIfLast(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class))) {
            Sqs2Endpoint queue = queueOf(exchange);
            List<String> handles = batches.get().remove(queue);
            if (handles != null && !handles.isEmpty()) {
                delete(queue, handles);
            }
        }
    }

    private static Sqs2Endpoint queueOf(Exchange exchange) {
        return (Sqs2Endpoint) exchange.getFromEndpoint();
    }

    private void delete(Sqs2Endpoint queue, List<String> handles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(handles.get(i)).build());
        }
        DeleteMessageBatchResponse response = queue.getClient().deleteMessageBatch(request -> request.queueUrl(queueUrl(queue)).entries(entries));
        if (response.hasFailed() && !response.failed().isEmpty()) {
            // not deleted: it becomes visible again and is stored again idempotently
            log.warn("{} of {} SQS messages were not deleted: {}", response.failed().size(), handles.size(),
                    response.failed().get(0).code());
        }
    }

    private String queueUrl(Sqs2Endpoint queue) {
        return queueUrls.computeIfAbsent(queue.getEndpointUri(), uri -> queue.getClient()
                .getQueueUrl(request -> request.queueName(queue.getConfiguration().getQueueName())).queueUrl());
    }
}
