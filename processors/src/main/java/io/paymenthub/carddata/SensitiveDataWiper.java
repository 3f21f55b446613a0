package io.paymenthub.carddata;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoType;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.iso8583.Iso8583Dialects;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Produces the copy of a raw message that may be kept (dead letters, quarantine, archive):
 * sensitive authentication data wiped and the PAN truncated (PCI DSS 3.3.1, 3.4.1).
 * ISO 8583 is wiped field by field; anything that cannot be read is wiped by pattern.
 */
public final class SensitiveDataWiper {

    /** Track 2 (35), track 1 (45), PIN block (52), EMV data (55). */
    public static final Set<Integer> DEFAULT_WIPED_FIELDS = Set.of(35, 45, 52, 55);
    private static final int PAN_FIELD = 2;

    private final Iso8583Dialects dialects;
    private final int[] wipedFields;

    public SensitiveDataWiper(Iso8583Dialect dialect, Set<Integer> wipedFields) {
        this(Iso8583Dialects.only(dialect), wipedFields);
    }

    public SensitiveDataWiper(Iso8583Dialects dialects, Set<Integer> wipedFields) {
        this.dialects = dialects;
        this.wipedFields = wipedFields.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    public byte[] wipe(byte[] raw, MessageFormat format) {
        return wipe(raw, format, null);
    }

    /** @param dialectLocation the field layout of the listener that received it; null for the default */
    public byte[] wipe(byte[] raw, MessageFormat format, String dialectLocation) {
        if (format == MessageFormat.ISO8583) {
            Iso8583Dialect dialect = dialects.named(dialectLocation);
            try {
                return wipeIso8583(dialect, dialect.read(raw));
            } catch (MessageRejected unreadable) {
                // fall through to the pattern wipe
            }
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        return PanMasking.wipeText(text).getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Wipes an ISO 8583 message already read (it is changed in place) and writes it with its layout.
     * @param dialectLocation the field layout it was read with; null for the default
     */
    public byte[] wipe(IsoMessage message, String dialectLocation) {
        return wipeIso8583(dialects.named(dialectLocation), message);
    }

    private byte[] wipeIso8583(Iso8583Dialect dialect, IsoMessage message) {
        message.removeFields(wipedFields);
        if (message.hasField(PAN_FIELD)) {
            String pan = message.getObjectValue(PAN_FIELD).toString();
            String kept = pan.length() >= 13 ? PanMasking.mask(pan) : "*".repeat(pan.length());
            message.setValue(PAN_FIELD, kept, IsoType.LLVAR, 0);
        }
        return dialect.write(message);
    }
}
