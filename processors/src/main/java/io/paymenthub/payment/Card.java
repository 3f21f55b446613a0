package io.paymenthub.payment;

/** A card as the payment carries it: clear straight after parsing, protected from then on. */
public sealed interface Card permits Card.ClearPan, Card.ProtectedPan {

    /** The PAN as read from the wire. Lives only between parse and tokenize; never printed. */
    record ClearPan(String pan) implements Card {
        @Override
        public String toString() {
            return "ClearPan[redacted]";
        }
    }

    /**
     * The only form that leaves the processors.
     * {@code 4111111111111111} → masked {@code 411111******1111}, token {@code hex(HMAC-SHA-256(key, pan))}.
     */
    record ProtectedPan(String token, String keyId, String masked) implements Card {
    }
}
