package io.paymenthub.payment;

/**
 * A message the hub will not accept as it is: it names the field and the reason and never carries
 * card data, so its text is safe for logs, dead-letter headers and replies.
 */
public class MessageRejected extends RuntimeException {

    private final String field;
    private final String reason;

    public MessageRejected(String field, String reason) {
        super(field + ": " + reason, null, false, false);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
