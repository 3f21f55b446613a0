package io.paymenthub.carddata;

import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.payment.MessageFormat;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Keeps beside the payment a copy of the raw message with sensitive authentication data wiped. */
public final class ScrubSensitiveDataProcessor implements Processor {

    private final SensitiveDataWiper wiper;

    public ScrubSensitiveDataProcessor(SensitiveDataWiper wiper) {
        this.wiper = wiper;
    }

    @Override
    public void process(Exchange exchange) {
        byte[] raw = exchange.getProperty(ExchangeKeys.RAW_MESSAGE, byte[].class);
        MessageFormat format = exchange.getProperty(ExchangeKeys.FORMAT, MessageFormat.class);
        exchange.setProperty(ExchangeKeys.SCRUBBED_MESSAGE,
                wiper.wipe(raw, format, exchange.getProperty(ExchangeKeys.ISO8583_DIALECT, String.class)));
    }
}
