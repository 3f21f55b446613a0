package io.paymenthub.hub.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stores a batch from one source is waiting for. A source puts one in an exchange property before
 * splitting its batch; every split message adds its store, and the source acknowledges only when all are done.
 */
public final class PendingDeliveries {

    public static final String PROPERTY = "hubPendingDeliveries";

    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final List<String> messageIds = new ArrayList<>();

    synchronized void add(CompletableFuture<Void> delivery, String messageId) {
        pending.add(delivery);
        messageIds.add(messageId);
    }

    /** A further write the source must wait for, of a message already counted (e.g. its archive copy). */
    public synchronized void add(CompletableFuture<Void> write) {
        pending.add(write);
    }

    /** The messages handed in so far, in order: what a source reports as accepted. */
    public synchronized List<String> messageIds() {
        return List.copyOf(messageIds);
    }

    /** Blocks until every store has committed; throws the first failure so the source redelivers. */
    public void await(Duration timeout) throws Exception {
        CompletableFuture<Void> all;
        synchronized (this) {
            all = CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
        }
        try {
            all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("datastore did not commit within " + timeout);
        }
    }
}
