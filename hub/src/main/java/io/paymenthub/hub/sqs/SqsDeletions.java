package io.paymenthub.hub.sqs;

import io.paymenthub.hub.config.HubProperties;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes SQS messages in batches: a message is added once it is stored, forwarded or quarantined, and the
 * poll's batch is deleted with one DeleteMessageBatch call when its last message is through. A consumer thread
 * processes its poll's messages one after the other, so each thread keeps its own batch. A rejected message is
 * never added: it stays for the queue's redrive policy.
 */
@Component
class SqsDeletions {

    private static final Logger log = LoggerFactory.getLogger(SqsDeletions.class);

    private final SqsClient sqs;
    private final String queue;
    private final ThreadLocal<List<String>> batch = ThreadLocal.withInitial(ArrayList::new);
    private volatile String queueUrl;

    SqsDeletions(SqsClient sqs, HubProperties properties) {
        this.sqs = sqs;
        this.queue = properties.sources().sqs().queue();
    }

    /** The message is safe here: delete it with its batch. */
    void acknowledge(Exchange exchange) {
        batch.get().add(exchange.getMessage().getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class));
        flushIfLast(exchange);
    }

    /** The message stays in the queue; still delete the others of its batch if it is the last one. */
    void flushIfLast(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class))) {
            List<String> handles = batch.get();
            if (!handles.isEmpty()) {
                delete(handles);
                handles.clear();
            }
        }
    }

    private void delete(List<String> handles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(handles.get(i)).build());
        }
        DeleteMessageBatchResponse response = sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl()).entries(entries));
        if (response.hasFailed() && !response.failed().isEmpty()) {
            // not deleted: it becomes visible again and is stored again idempotently
            log.warn("{} of {} SQS messages were not deleted: {}", response.failed().size(), handles.size(),
                    response.failed().get(0).code());
        }
    }

    private String queueUrl() {
        if (queueUrl == null) {
            queueUrl = sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
        }
        return queueUrl;
    }
}
