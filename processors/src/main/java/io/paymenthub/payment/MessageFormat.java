package io.paymenthub.payment;

/** Wire formats the hub understands; the value is what the {@code hub-format} header names. */
public enum MessageFormat {
    ISO8583("iso8583"),
    ISO20022("iso20022");

    private final String headerValue;

    MessageFormat(String headerValue) {
        this.headerValue = headerValue;
    }

    public String headerValue() {
        return headerValue;
    }

    /** The sender's value is never echoed (into a reason, S3 metadata, a log): it may hold anything, card data too. */
    public static MessageFormat fromHeader(String value) {
        for (MessageFormat format : values()) {
            if (format.headerValue.equalsIgnoreCase(value.trim())) {
                return format;
            }
        }
        throw new MessageRejected("hub-format", "unknown format: must be one of " + java.util.Arrays.stream(values())
                .map(MessageFormat::headerValue).collect(java.util.stream.Collectors.joining(", ")));
    }
}
