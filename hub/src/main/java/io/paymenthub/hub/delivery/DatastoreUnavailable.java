package io.paymenthub.hub.delivery;

/**
 * The datastore cannot be reached: a transient fault. The message is not acknowledged, so its source delivers it
 * again (ISO 8583 answers 96, HTTP 503, Kafka replays from the last commit, SQS and S3 keep the message); it is
 * never dead-lettered.
 */
public final class DatastoreUnavailable extends RuntimeException {

    public DatastoreUnavailable(String message) {
        super(message, null, false, false);
    }
}
