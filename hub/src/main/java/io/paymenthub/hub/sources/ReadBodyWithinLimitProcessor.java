package io.paymenthub.hub.sources;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.io.InputStream;

/**
 * Turns a streamed body into bytes, reading at most the limit its route set ({@link #BODY_LIMIT}): a body
 * whose declared length (the header {@code lengthHeader}) is over the limit is refused before a byte is read, one
 * without a declared length as soon as it passes the limit. Either way it costs at most the limit
 * in memory, and the refusal is a {@link BodyTooLarge} naming {@code setting}.
 */
public final class ReadBodyWithinLimitProcessor implements Processor {

    /** Exchange property: the most bytes a streamed body of the message's source may have, set by the source's route. */
    public static final String BODY_LIMIT = "hubBodyLimit";

    private final String lengthHeader;
    private final String setting;

    public ReadBodyWithinLimitProcessor(String lengthHeader, String setting) {
        this.lengthHeader = lengthHeader;
        this.setting = setting;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Integer limit = exchange.getProperty(BODY_LIMIT, Integer.class);
        if (limit == null) {
            throw new IllegalStateException("the route sets no " + BODY_LIMIT + " for " + setting);
        }
        Message message = exchange.getMessage();
        Long declared = message.getHeader(lengthHeader, Long.class);
        if (declared != null && declared > limit) {
            throw new BodyTooLarge(setting, limit);
        }
        if (message.getBody() instanceof InputStream stream) {
            byte[] read = BoundedRead.atMostOnePast(stream, limit);
            if (read.length > limit) {
                throw new BodyTooLarge(setting, limit);
            }
            message.setBody(read);
        } else {
            byte[] bytes = message.getBody(byte[].class);
            if (bytes != null && bytes.length > limit) {
                throw new BodyTooLarge(setting, limit);
            }
        }
    }
}
