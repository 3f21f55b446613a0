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

/**
 * One network's ISO 8583 field layout, read from a j8583 packager file (e.g. {@code config/iso8583/iso87-ascii.xml}).
 * A bank's dialect is a new file, not new code. Thread-safe once built.
 */
public final class Iso8583Dialect {

    private final MessageFactory<IsoMessage> factory;

    public Iso8583Dialect(URL packagerFile, boolean binaryBitmap) {
        factory = new MessageFactory<>();
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

    /** Reads the wire bytes (no length prefix); the rejection names what j8583 could not read, never its content. */
    public IsoMessage read(byte[] wire) {
        if (wire.length < 4) {
            throw new MessageRejected("MTI", "message shorter than an MTI");
        }
        try {
            IsoMessage message = factory.parseMessage(wire, 0);
            if (message == null) {
                throw new MessageRejected("MTI", "no field layout for this message type");
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
