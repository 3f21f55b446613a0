package io.paymenthub.hub.support;

import io.paymenthub.samples.JposMessages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Random and mutated inputs for the live listeners, all drawn from one seeded {@link Random} so a failing run is
 * reproduced by its seed. Mutations start from well-formed messages (jPOS-built ISO 8583, the pacs.008 / pain.001 /
 * pacs.002 samples) and carry the scheme test card data, so a reply or log line that echoes input is caught.
 */
public final class HostileInputs {

    /** What a hostile input carries that must never come back: a test PAN, track 2, a PIN block. */
    public static final String[] CARD_DATA = {JposMessages.VISA_TEST_PAN, JposMessages.TRACK2,
            JposMessages.MASTERCARD_TEST_PAN + "=2912201", "B" + JposMessages.VISA_TEST_PAN + "^DOE/JANE^2912201"};

    private static final String PACS_008 = read("pacs008-in.xml");
    private static final String PAIN_001 = read("pain001-in-3tx.xml");
    private static final String PACS_002 = read("pacs002-rjct.xml");
    private static final String[] DOCUMENTS = {PACS_008, PAIN_001, PACS_002};
    private static final String[] NAMESPACES = {"pacs.008.001.08", "pain.001.001.09", "pacs.002.001.10"};

    private final Random random;

    public HostileInputs(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    // ---- ISO 8583 ----

    /** A purchase built by jPOS, tagged with the terminal, with a fresh STAN. */
    public byte[] purchase(String terminal) {
        return JposMessages.purchase(1 + random.nextInt(999_999), JposMessages.INDIA).set(41, terminal).pack();
    }

    /** A jPOS-built message whose fields were given odd but packable values: wrong lengths, letters, card data in other fields. */
    public byte[] oddFields(String terminal) {
        JposMessages message = JposMessages.purchase(1 + random.nextInt(999_999), JposMessages.INDIA).set(41, terminal);
        String[] mtis = {"0100", "0120", "0200", "0201", "0220", "0400", "0420", "0800", "0110", "0210", "0300"};
        message.mti(mtis[random.nextInt(mtis.length)]);
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            switch (random.nextInt(9)) {
                case 0 -> message.set(2, digits(1 + random.nextInt(19)));
                case 1 -> message.set(4, random.nextBoolean() ? digits(12) : ascii(12));
                case 2 -> message.set(19, random.nextBoolean() ? digits(3) : ascii(3));
                case 3 -> message.set(49, random.nextBoolean() ? digits(3) : ascii(3));
                case 4 -> message.set(7, ascii(10));
                case 5 -> message.unset(new int[] {2, 7, 11, 32, 41}[random.nextInt(5)]);
                case 6 -> message.set(90, random.nextBoolean() ? digits(42) : ascii(42));
                case 7 -> message.set(43, ascii(40));
                default -> message.set(48, CARD_DATA[random.nextInt(CARD_DATA.length)]);
            }
        }
        return message.pack();
    }

    /** Bytes of a well-formed message flipped, inserted, deleted, duplicated or cut. */
    public byte[] mutated(byte[] message) {
        return mutated(message, false);
    }

    /** As {@link #mutated(byte[])}, inserting only ASCII text when {@code text} (bodies a text channel can carry). */
    public byte[] mutated(byte[] message, boolean text) {
        byte[] bytes = message.clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] = text ? (byte) (' ' + random.nextInt(95)) : (byte) random.nextInt(256);
                case 1 -> bytes[at] = (byte) ('0' + random.nextInt(10));
                case 2 -> bytes = splice(bytes, at, 0, text ? ascii(1 + random.nextInt(8)).getBytes(StandardCharsets.US_ASCII)
                        : randomBytes(1 + random.nextInt(8)));
                case 3 -> bytes = splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(16)), new byte[0]);
                case 4 -> bytes = splice(bytes, at, 0, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(32))));
                default -> bytes = Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }

    /** An MTI and a plausible bitmap, then anything. */
    public byte[] validHeaderGarbage() {
        String[] bitmaps = {"7234054128C08000", "F23A400188E18000", "0000000000000000", "FFFFFFFFFFFFFFFF", "8000000000000000"};
        String header = "0200" + bitmaps[random.nextInt(bitmaps.length)];
        byte[] tail = random.nextBoolean() ? ascii(random.nextInt(300)).getBytes(StandardCharsets.US_ASCII)
                : randomBytes(random.nextInt(300));
        return splice(header.getBytes(StandardCharsets.US_ASCII), header.length(), 0, tail);
    }

    // ---- ISO 20022 ----

    /** One of the samples with an element dropped, doubled, emptied, or its text replaced by odd values or card data. */
    public byte[] mutatedDocument() {
        String xml = DOCUMENTS[random.nextInt(DOCUMENTS.length)];
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            xml = switch (random.nextInt(5)) {
                case 0 -> replaceText(xml, CARD_DATA[random.nextInt(CARD_DATA.length)]);
                case 1 -> replaceText(xml, random.nextBoolean() ? digits(1 + random.nextInt(30)) : ascii(1 + random.nextInt(60)));
                case 2 -> replaceText(xml, new String[] {"1e1000000", "-5.00", "0.001", "NaN", "", "INR", "99999999999999999999",
                        "1500.00", "ZZ", "3f1c6a52-8d4b-4e7a-9b2f-1c0d5e6a7b8"}[random.nextInt(10)]);
                case 3 -> dropElement(xml);
                default -> doubleElement(xml);
            };
        }
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** A sample with characters flipped, inserted, deleted or cut: mostly not well-formed any more. */
    public byte[] byteMutatedDocument() {
        return mutated(DOCUMENTS[random.nextInt(DOCUMENTS.length)].getBytes(StandardCharsets.UTF_8), true);
    }

    /** Random text: ASCII, controls, accented and CJK letters, in UTF-8. */
    public byte[] randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> random.nextInt(32);
                case 1 -> 0xC0 + random.nextInt(0x100);
                case 2 -> 0x4E00 + random.nextInt(0x5000);
                default -> ' ' + random.nextInt(95);
            });
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Entity expansion (billion laughs), external entities and parameter entities: all must be refused unread. */
    public byte[] xmlBomb() {
        String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
        String[] doctypes = {
            "<!DOCTYPE d [<!ENTITY a \"" + JposMessages.VISA_TEST_PAN + "\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                    + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
                    + "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>",
            "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
            "<!DOCTYPE d [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/x.dtd\"> %p;]>",
            "<!DOCTYPE d SYSTEM \"http://127.0.0.1:9/d.dtd\">"};
        return ("<?xml version=\"1.0\"?>" + doctypes[random.nextInt(doctypes.length)]
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:" + namespace + "\"><x>&f;&x;</x></Document>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A document nested {@code depth} elements deep below its message element, closed or not. */
    public byte[] deeplyNested(int depth) {
        int which = random.nextInt(NAMESPACES.length);
        String root = new String[] {"FIToFICstmrCdtTrf", "CstmrCdtTrfInitn", "FIToFIPmtStsRpt"}[which];
        StringBuilder xml = new StringBuilder(depth * 8 + 200)
                .append("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:").append(NAMESPACES[which]).append("\"><")
                .append(root).append('>');
        String name = random.nextBoolean() ? "PmtInf" : "a";
        xml.append(("<" + name + ">").repeat(depth));
        if (random.nextBoolean()) {
            xml.append(("</" + name + ">").repeat(depth)).append("</").append(root).append("></Document>");
        }
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One start tag with more attributes than any parser should hold. */
    public byte[] manyAttributes(int count) {
        StringBuilder xml = new StringBuilder("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\" ");
        for (int i = 0; i < count; i++) {
            xml.append('a').append(i).append("=\"").append(i).append("\" ");
        }
        return xml.append("/>").toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- plain randomness ----

    public byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String digits(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    private String ascii(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (' ' + random.nextInt(95)));
        }
        return text.toString();
    }

    private String replaceText(String xml, String value) {
        int[] element = randomLeafText(xml);
        return element == null ? xml : xml.substring(0, element[0]) + escape(value) + xml.substring(element[1]);
    }

    private String dropElement(String xml) {
        int[] element = randomElement(xml);
        return element == null ? xml : xml.substring(0, element[0]) + xml.substring(element[1]);
    }

    private String doubleElement(String xml) {
        int[] element = randomElement(xml);
        return element == null ? xml : xml.substring(0, element[1]) + xml.substring(element[0], element[1]) + xml.substring(element[1]);
    }

    /** Start and end of the text of a random leaf element ({@code <X>text</X>}). */
    private int[] randomLeafText(String xml) {
        for (int tries = 0; tries < 20; tries++) {
            int close = xml.indexOf("</", random.nextInt(xml.length()));
            if (close < 0) {
                continue;
            }
            int open = xml.lastIndexOf('>', close);
            if (open > 0 && xml.charAt(open - 1) != '/' && xml.lastIndexOf('<', close - 1) < open) {
                return new int[] {open + 1, close};
            }
        }
        return null;
    }

    /** Start and end of a random element below the document element, from its start tag to its end tag. */
    private int[] randomElement(String xml) {
        for (int tries = 0; tries < 20; tries++) {
            int start = xml.indexOf('<', random.nextInt(xml.length()));
            if (start < 0 || xml.startsWith("</", start) || xml.startsWith("<?", start) || xml.startsWith("<!", start)
                    || xml.startsWith("<Document", start)) {
                continue;
            }
            int nameEnd = start + 1;
            while (nameEnd < xml.length() && Character.isLetterOrDigit(xml.charAt(nameEnd))) {
                nameEnd++;
            }
            String end = "</" + xml.substring(start + 1, nameEnd) + ">";
            int close = xml.indexOf(end, start);
            if (close > 0) {
                return new int[] {start, close + end.length()};
            }
        }
        return null;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }

    private static String read(String name) {
        try (InputStream in = HostileInputs.class.getResourceAsStream("/samples/iso20022/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
