package io.paymenthub.iso8583;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.MessageFactory;
import com.solab.iso8583.parse.ConfigParser;
import io.paymenthub.payment.MessageRejected;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;

/**
 * One network's ISO 8583 field layout, read from a j8583 packager file (e.g. {@code config/iso8583/iso87-ascii.xml}).
 * A bank's dialect is a new file, not new code. Thread-safe once built.
 */
public final class Iso8583Dialect {

    private final MessageFactory<IsoMessage> factory;
    /** Per message type with a layout, its fields as the packager file declares them. */
    private final Map<Integer, Map<Integer, PackagerFile.FieldSpec>> layouts;
    private final SensitiveData sensitiveData;
    private final int formatErrorField;
    private final boolean binaryBitmap;

    public Iso8583Dialect(URL packagerFile, boolean binaryBitmap) {
        factory = new MessageFactory<>();
        PackagerFile file = PackagerFile.read(packagerFile);
        layouts = file.layouts();
        sensitiveData = file.sensitiveData();
        formatErrorField = file.formatErrorField();
        this.binaryBitmap = binaryBitmap;
        try {
            ConfigParser.configureFromUrl(factory, packagerFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ISO 8583 packager " + packagerFile, e);
        }
        factory.setUseBinaryMessages(false);
        factory.setUseBinaryBitmap(binaryBitmap);
        factory.setCharacterEncoding(StandardCharsets.US_ASCII.name());
        factory.setAssignDate(false);
    }

    /**
     * Reads the wire bytes (no length prefix) and checks every field against its format in the packager file; the
     * rejection names the field and the rule it breaks, e.g. {@code DE49: not an ISO 4217 currency}, never its content.
     */
    public IsoMessage read(byte[] wire) {
        IsoMessage message = readUnchecked(wire);
        MessageRejected violation = verdicts(wire).firstViolation();
        if (violation != null) {
            throw violation;
        }
        return message;
    }

    /**
     * Reads the fields where the layout places them without checking what they hold: to answer or wipe a message
     * that is rejected. The rejection says what could not be placed (MTI, bitmap, a field), never its content.
     */
    public IsoMessage readUnchecked(byte[] wire) {
        if (wire.length < 4) {
            throw new MessageRejected("MTI", "message shorter than an MTI");
        }
        // checked before j8583 sees the message: for a type without a layout it logs the whole message, PIN block and all
        if (!layouts.containsKey(messageType(wire))) {
            throw new MessageRejected("MTI", "no field layout for this message type");
        }
        try {
            IsoMessage message = factory.parseMessage(wire, 0);
            if (message == null) {
                throw new MessageRejected("MTI", "no field layout for this message type");
            }
            // j8583 stops after the last field the bitmap names; bytes left over mean the fields were read out of place
            if (message.writeData().length != wire.length) {
                throw new MessageRejected("bitmap", "the fields it announces do not fill the message");
            }
            return message;
        } catch (ParseException e) {
            throw new MessageRejected(fieldOf(e), "does not match the field layout");
        } catch (RuntimeException | IOException e) {
            if (e instanceof MessageRejected rejected) {
                throw rejected;
            }
            throw new MessageRejected("bitmap", "message cannot be read with this field layout");
        }
    }

    /**
     * Each field of a message {@link #readUnchecked} read, against its format and maximum length, on the bytes as
     * sent: j8583 reads a text field whatever it holds, keeps no maximum for LLVAR fields, and takes a length prefix
     * or a binary field's characters without checking that they are digits or hexadecimal.
     */
    FieldWalk.Verdicts verdicts(byte[] wire) {
        return new FieldWalk(wire, binaryBitmap, layouts).verdicts();
    }

    /** The field where a format-error answer names the rejected field's number; 0 when the dialect names none. */
    int formatErrorField() {
        return formatErrorField;
    }

    /** The declared layout of a field in a message type; null when the type or field has none. */
    PackagerFile.FieldSpec fieldSpec(int type, int field) {
        return layouts.getOrDefault(type, Map.of()).get(field);
    }

    /** Where this dialect carries sensitive authentication data, as its file declares on top of the fields always wiped. */
    public SensitiveData sensitiveData() {
        return sensitiveData;
    }

    /**
     * The references of a message that cannot be read whole: its MTI, then DE 11, 37 and 41 as far as the fields
     * before them can be walked with this layout. Nothing else of the message is returned.
     */
    public Map<String, String> readableReferences(byte[] wire) {
        return new FieldWalk(wire, binaryBitmap, layouts).references();
    }

    /** The ASCII MTI as j8583 keys it: {@code "0200"} → {@code 0x200}. */
    private static int messageType(byte[] wire) {
        for (int i = 0; i < 4; i++) {
            if (wire[i] < '0' || wire[i] > '9') {
                throw new MessageRejected("MTI", "not four digits");
            }
        }
        return Integer.parseInt(new String(wire, 0, 4, StandardCharsets.US_ASCII), 16);
    }

    public byte[] write(IsoMessage message) {
        return message.writeData();
    }

    /** j8583 reports the failing field as "...field N..." in its messages; keep only the number. */
    private static String fieldOf(ParseException e) {
        String text = String.valueOf(e.getMessage());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("field (\\d{1,3})").matcher(text);
        return m.find() ? "DE" + m.group(1) : "bitmap";
    }
}
