package io.paymenthub.carddata;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoValue;
import org.apache.camel.Exchange;
import io.paymenthub.ingest.ExchangeKeys;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.iso8583.Iso8583Dialects;
import io.paymenthub.iso8583.SensitiveData;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Produces the copy of a raw message that may be kept (dead letters, quarantine, archive):
 * sensitive authentication data wiped and the PAN truncated (PCI DSS 3.3.1, 3.4.1).
 * ISO 8583 is wiped field by field, as its dialect says where SAD lies ({@link SensitiveData}); of an ISO 8583
 * message that cannot be read only its references are kept, never its bytes, since a PIN block or EMV data could
 * sit anywhere in them. Anything else that cannot be read is wiped by pattern.
 */
public final class SensitiveDataWiper {

    /** DE 2 and DE 34 (extended PAN) are kept only truncated. */
    private static final int[] PAN_FIELDS = {2, 34};

    private final Iso8583Dialects dialects;

    public SensitiveDataWiper(Iso8583Dialect dialect) {
        this(Iso8583Dialects.only(dialect));
    }

    public SensitiveDataWiper(Iso8583Dialects dialects) {
        this.dialects = dialects;
    }

    /**
     * The copy of a message sealed for its home region (PCI DSS 3.3.1): ISO 8583 with its sensitive authentication
     * data removed as its dialect says ({@link SensitiveData}) and the PAN kept, in the layout it was read with;
     * ISO 20022 carries no authentication data and is returned as it is.
     * @param dialectLocation the field layout of the listener that received it; null for the default
     * @throws MessageRejected when an ISO 8583 message cannot be read: it is not forwarded
     */
    public byte[] wipeAuthenticationData(byte[] raw, MessageFormat format, String dialectLocation) {
        if (format != MessageFormat.ISO8583) {
            return raw;
        }
        Iso8583Dialect dialect = dialects.named(dialectLocation);
        IsoMessage message = dialect.read(raw);
        removeAuthenticationData(dialect, message);
        return dialect.write(message);
    }

    public byte[] wipe(byte[] raw, MessageFormat format) {
        return wipe(raw, format, null);
    }

    /** @param dialectLocation the field layout of the listener that received it; null for the default */
    public byte[] wipe(byte[] raw, MessageFormat format, String dialectLocation) {
        if (format == MessageFormat.ISO8583) {
            Iso8583Dialect dialect = dialects.named(dialectLocation);
            try {
                // a message rejected for what a field holds is still read field by field and wiped by field
                return wipeIso8583(dialect, dialect.readUnchecked(raw));
            } catch (MessageRejected unreadable) {
                return referencesOnly(dialect, raw);
            }
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        return PanMasking.wipeText(text).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The copy of the exchange's message that may be kept (a dead letter, a file left in a bucket): the scrubbed one
     * when the pipeline got that far, else the raw message wiped here; empty when there was no message.
     */
    public byte[] keptCopy(Exchange exchange) {
        byte[] scrubbed = exchange.getProperty(ExchangeKeys.SCRUBBED_MESSAGE, byte[].class);
        if (scrubbed != null) {
            return scrubbed;
        }
        byte[] raw = exchange.getProperty(ExchangeKeys.RAW_MESSAGE, byte[].class);
        return raw == null ? new byte[0] : wipe(raw, exchange.getProperty(ExchangeKeys.FORMAT, MessageFormat.class),
                exchange.getProperty(ExchangeKeys.ISO8583_DIALECT, String.class));
    }

    /**
     * Wipes an ISO 8583 message already read (it is changed in place) and writes it with its layout.
     * @param dialectLocation the field layout it was read with; null for the default
     */
    public byte[] wipe(IsoMessage message, String dialectLocation) {
        return wipeIso8583(dialects.named(dialectLocation), message);
    }

    private byte[] wipeIso8583(Iso8583Dialect dialect, IsoMessage message) {
        removeAuthenticationData(dialect, message);
        for (int field : PAN_FIELDS) {
            if (message.hasField(field)) {
                IsoValue<Object> pan = message.getField(field);
                message.setValue(field, PanMasking.mask(pan.toString()), pan.getType(), pan.getType().needsLength() ? pan.getLength() : 0);
            }
        }
        return dialect.write(message);
    }

    private static void removeAuthenticationData(Iso8583Dialect dialect, IsoMessage message) {
        SensitiveData sensitive = dialect.sensitiveData();
        message.removeFields(sensitive.wipedFields().stream().mapToInt(Integer::intValue).toArray());
        for (SensitiveData.TaggedSubfields carrier : sensitive.subfields()) {
            if (message.hasField(carrier.field())) {
                IsoValue<Object> value = message.getField(carrier.field());
                String kept = carrier.without(value.toString());
                if (kept == null || kept.isEmpty()) {
                    message.removeFields(carrier.field());
                } else {
                    message.setValue(carrier.field(), kept, value.getType(), value.getType().needsLength() ? value.getLength() : 0);
                }
            }
        }
    }

    /** {@code "unparsed ISO 8583 message (212 bytes not kept); MTI=0200 DE11=000005 DE37=123456789012"} */
    private static byte[] referencesOnly(Iso8583Dialect dialect, byte[] raw) {
        StringBuilder kept = new StringBuilder("unparsed ISO 8583 message (").append(raw.length).append(" bytes not kept)");
        String separator = "; ";
        for (Map.Entry<String, String> reference : dialect.readableReferences(raw).entrySet()) {
            kept.append(separator).append(reference.getKey()).append('=').append(reference.getValue());
            separator = " ";
        }
        return PanMasking.wipeText(kept.toString()).getBytes(StandardCharsets.US_ASCII);
    }
}
