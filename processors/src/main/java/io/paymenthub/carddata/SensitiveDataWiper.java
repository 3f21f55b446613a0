package io.paymenthub.carddata;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoType;
import io.paymenthub.iso8583.Iso8583Dialect;
import io.paymenthub.iso8583.Iso8583Dialects;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Produces the copy of a raw message that may be kept (dead letters, quarantine, archive):
 * sensitive authentication data wiped and the PAN truncated (PCI DSS 3.3.1, 3.4.1).
 * ISO 8583 is wiped field by field; anything that cannot be read is wiped by pattern.
 */
public final class SensitiveDataWiper {

    /** Track 2 (35), track 1 (45), PIN block (52), EMV data (55). */
    public static final Set<Integer> DEFAULT_WIPED_FIELDS = Set.of(35, 45, 52, 55);
    /**
     * Sensitive authentication data wiped from a message sealed for its home region: tracks 2, 3 and 1 (35, 36, 45),
     * PIN block (52), EMV data (55), with any field configured for wiping; the PAN (2) is kept for its home region.
     */
    public static final Set<Integer> AUTHENTICATION_DATA_FIELDS = Set.of(35, 36, 45, 52, 55);
    private static final int PAN_FIELD = 2;

    private final Iso8583Dialects dialects;
    private final int[] wipedFields;
    private final int[] authenticationDataFields;

    public SensitiveDataWiper(Iso8583Dialect dialect, Set<Integer> wipedFields) {
        this(Iso8583Dialects.only(dialect), wipedFields);
    }

    public SensitiveDataWiper(Iso8583Dialects dialects, Set<Integer> wipedFields) {
        this.dialects = dialects;
        this.wipedFields = wipedFields.stream().mapToInt(Integer::intValue).sorted().toArray();
        this.authenticationDataFields = IntStream.concat(
                        AUTHENTICATION_DATA_FIELDS.stream().mapToInt(Integer::intValue), IntStream.of(this.wipedFields))
                .filter(field -> field != PAN_FIELD).distinct().sorted().toArray();
    }

    /**
     * The copy of a message sealed for its home region (PCI DSS 3.3.1): ISO 8583 with its sensitive authentication
     * data fields removed ({@link #AUTHENTICATION_DATA_FIELDS}) and the PAN kept, in the layout it was read with;
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
        message.removeFields(authenticationDataFields);
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
