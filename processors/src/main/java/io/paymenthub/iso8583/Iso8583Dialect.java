package io.paymenthub.iso8583;

import com.solab.iso8583.IsoMessage;
import com.solab.iso8583.IsoValue;
import com.solab.iso8583.MessageFactory;
import com.solab.iso8583.parse.ConfigParser;
import io.paymenthub.payment.MessageRejected;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * One network's ISO 8583 field layout, read from a j8583 packager file (e.g. {@code config/iso8583/iso87-ascii.xml}).
 * A bank's dialect is a new file, not new code. Thread-safe once built.
 */
public final class Iso8583Dialect {

    private final MessageFactory<IsoMessage> factory;
    /** Per message type with a layout, the longest value each LLVAR/LLLVAR field may hold, as the packager file says. */
    private final Map<Integer, Map<Integer, Integer>> variableMaxima;

    public Iso8583Dialect(URL packagerFile, boolean binaryBitmap) {
        factory = new MessageFactory<>();
        variableMaxima = variableMaxima(packagerFile);
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
        // checked before j8583 sees the message: for a type without a layout it logs the whole message, PIN block and all
        if (!variableMaxima.containsKey(messageType(wire))) {
            throw new MessageRejected("MTI", "no field layout for this message type");
        }
        try {
            IsoMessage message = factory.parseMessage(wire, 0);
            if (message == null) {
                throw new MessageRejected("MTI", "no field layout for this message type");
            }
            checkVariableLengths(message);
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
     * j8583 reads an LLVAR or LLLVAR field as long as its length prefix says and keeps no maximum; the packager file's
     * is checked here, so a 55-character DE 32 (at most 11) is rejected instead of echoed in an answer no peer can read.
     */
    private void checkVariableLengths(IsoMessage message) {
        variableMaxima.getOrDefault(message.getType(), Map.of()).forEach((field, maximum) -> {
            IsoValue<Object> value = message.getField(field);
            if (value != null && value.getLength() > maximum) {
                throw new MessageRejected("DE" + field, "longer than " + maximum + " characters");
            }
        });
    }

    /** {@code <parse type="0100"><field num="32" type="LLVAR" length="11"/>} → {0x100: {32: 11}}, following {@code extends}. */
    private static Map<Integer, Map<Integer, Integer>> variableMaxima(URL packagerFile) {
        Element root;
        try (InputStream in = packagerFile.openStream()) {
            DocumentBuilderFactory builders = DocumentBuilderFactory.newInstance();
            builders.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            builders.setExpandEntityReferences(false);
            root = builders.newDocumentBuilder().parse(in).getDocumentElement();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ISO 8583 packager " + packagerFile, e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException("cannot read ISO 8583 packager " + packagerFile, e);
        }
        Map<Integer, Map<Integer, Integer>> maxima = new HashMap<>();
        NodeList parses = root.getElementsByTagName("parse");
        for (int i = 0; i < parses.getLength(); i++) {
            Element parse = (Element) parses.item(i);
            Map<Integer, Integer> fields = new HashMap<>();
            if (parse.hasAttribute("extends")) {
                fields.putAll(maxima.getOrDefault(Integer.parseInt(parse.getAttribute("extends"), 16), Map.of()));
            }
            NodeList declared = parse.getElementsByTagName("field");
            for (int j = 0; j < declared.getLength(); j++) {
                Element field = (Element) declared.item(j);
                int number = Integer.parseInt(field.getAttribute("num"));
                if (field.getAttribute("type").startsWith("LL") && !field.getAttribute("length").isBlank()) {
                    fields.put(number, Integer.parseInt(field.getAttribute("length")));
                } else {
                    fields.remove(number);
                }
            }
            maxima.put(Integer.parseInt(parse.getAttribute("type"), 16), Map.copyOf(fields));
        }
        return Map.copyOf(maxima);
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
