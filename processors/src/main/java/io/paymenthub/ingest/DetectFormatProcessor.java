package io.paymenthub.ingest;

import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.nio.charset.StandardCharsets;

/**
 * Decides the wire format of one message: the {@code hub-format} header when the sender names it,
 * else {@code <} first means ISO 20022 XML and four ASCII digits (an MTI) first mean ISO 8583.
 * Keeps the raw bytes for forwarding and sets the format for the parse step.
 */
public final class DetectFormatProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            throw new MessageRejected("payload", "empty message");
        }
        exchange.setProperty(ExchangeKeys.RAW_MESSAGE, raw);
        MessageFormat format = named(exchange.getMessage().getHeader(ExchangeKeys.FORMAT_HEADER));
        exchange.setProperty(ExchangeKeys.FORMAT, format != null ? format : sniff(raw));
        exchange.getMessage().setBody(raw);
    }

    private static MessageFormat named(Object header) {
        if (header == null) {
            return null;
        }
        String value = header instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : header.toString();
        return value.isBlank() ? null : MessageFormat.fromHeader(value);
    }

    static MessageFormat sniff(byte[] raw) {
        int first = 0;
        while (first < raw.length && Character.isWhitespace(raw[first])) {
            first++;
        }
        if (first < raw.length && (raw[first] == '<' || raw[first] == (byte) 0xEF)) {
            return MessageFormat.ISO20022;
        }
        if (raw.length >= 4 && isDigit(raw[0]) && isDigit(raw[1]) && isDigit(raw[2]) && isDigit(raw[3])) {
            return MessageFormat.ISO8583;
        }
        throw new MessageRejected("payload", "neither ISO 8583 (MTI first) nor ISO 20022 XML");
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
