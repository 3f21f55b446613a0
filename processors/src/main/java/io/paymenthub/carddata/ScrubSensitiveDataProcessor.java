package io.paymenthub.carddata;

import com.solab.iso8583.IsoMessage;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.MessageFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Keeps beside the payment a copy of the raw message with sensitive authentication data wiped: an ISO 8583 message
 * the parser has read is wiped as read; anything else from its bytes.
 */
public final class ScrubSensitiveDataProcessor implements Processor {

    private final SensitiveDataWiper wiper;

    public ScrubSensitiveDataProcessor(SensitiveDataWiper wiper) {
        this.wiper = wiper;
    }

    @Override
    public void process(Exchange exchange) {
        IsoMessage read = exchange.getProperty(ExchangeKeys.ISO8583_MESSAGE, IsoMessage.class);
        if (read != null) {
            exchange.removeProperty(ExchangeKeys.ISO8583_MESSAGE);
            exchange.setProperty(ExchangeKeys.SCRUBBED_MESSAGE,
                    wiper.wipe(read, exchange.getProperty(ExchangeKeys.ISO8583_DIALECT, String.class)));
            return;
        }
        byte[] raw = exchange.getProperty(ExchangeKeys.RAW_MESSAGE, byte[].class);
        MessageFormat format = exchange.getProperty(ExchangeKeys.FORMAT, MessageFormat.class);
        exchange.setProperty(ExchangeKeys.SCRUBBED_MESSAGE,
                wiper.wipe(raw, format, exchange.getProperty(ExchangeKeys.ISO8583_DIALECT, String.class)));
    }
}
