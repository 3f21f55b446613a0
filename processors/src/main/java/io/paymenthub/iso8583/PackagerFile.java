package io.paymenthub.iso8583;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the hub reads from a j8583 packager file besides what j8583 itself reads: each message type's field layout
 * with each field's format (to check what a message holds and to find the references of a message j8583 cannot
 * read), the dialect's sensitive data, and where a format-error answer names the rejected field (0: nowhere).
 * j8583 ignores the {@code format} attribute and the elements it does not know.
 */
record PackagerFile(Map<Integer, Map<Integer, FieldSpec>> layouts, SensitiveData sensitiveData, int formatErrorField) {

    /**
     * One field as the file declares it: {@code ALPHA}, {@code NUMERIC}, {@code BINARY}, {@code LLVAR}, ..., its
     * length (the maximum for a variable one, in bytes for a binary one) and its format.
     */
    record FieldSpec(String type, int length, FieldFormat format) {

        boolean variable() {
            return type.startsWith("LL");
        }

        /** The digits of a variable field's length prefix: 2 for {@code LLVAR}, 3 for {@code LLLBIN}; 0 when fixed. */
        int prefixDigits() {
            int digits = 0;
            while (digits < type.length() && type.charAt(digits) == 'L') {
                digits++;
            }
            return digits;
        }

        /** A binary field is written as two hexadecimal characters a byte, and j8583's prefix counts the characters. */
        boolean binary() {
            return type.equals("BINARY") || type.endsWith("BIN");
        }
    }

    static PackagerFile read(URL location) {
        Element root;
        try (InputStream in = location.openStream()) {
            DocumentBuilderFactory builders = DocumentBuilderFactory.newInstance();
            builders.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            builders.setExpandEntityReferences(false);
            root = builders.newDocumentBuilder().parse(in).getDocumentElement();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ISO 8583 packager " + location, e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalArgumentException("cannot read ISO 8583 packager " + location, e);
        }
        Map<Integer, Map<Integer, FieldSpec>> layouts = layouts(root, location);
        return new PackagerFile(layouts, sensitiveData(root, location), formatErrorField(root, layouts, location));
    }

    /**
     * {@code <parse type="0100"><field num="32" type="LLVAR" length="11" format="n"/>} → {0x100: {32: LLVAR 11 n}},
     * following {@code extends} (a field of type {@code exclude} leaves the extended layout). Only a parse's own
     * fields count: fields nested in a field are j8583's composite subfields.
     */
    private static Map<Integer, Map<Integer, FieldSpec>> layouts(Element root, URL location) {
        Map<Integer, Map<Integer, FieldSpec>> layouts = new HashMap<>();
        NodeList parses = root.getElementsByTagName("parse");
        for (int i = 0; i < parses.getLength(); i++) {
            Element parse = (Element) parses.item(i);
            Map<Integer, FieldSpec> fields = new HashMap<>();
            if (parse.hasAttribute("extends")) {
                fields.putAll(layouts.getOrDefault(Integer.parseInt(parse.getAttribute("extends"), 16), Map.of()));
            }
            for (Node child = parse.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element field && field.getTagName().equals("field")) {
                    int number = Integer.parseInt(field.getAttribute("num"));
                    String type = field.getAttribute("type");
                    if (type.equals("exclude")) {
                        fields.remove(number);
                    } else {
                        fields.put(number, fieldSpec(number, type, field, location));
                    }
                }
            }
            layouts.put(Integer.parseInt(parse.getAttribute("type"), 16), Map.copyOf(fields));
        }
        return Map.copyOf(layouts);
    }

    private static FieldSpec fieldSpec(int number, String type, Element field, URL location) {
        String length = field.getAttribute("length");
        int declaredLength = length.isBlank() ? 0 : Integer.parseInt(length);
        try {
            return new FieldSpec(type, declaredLength, FieldFormat.of(type, declaredLength, field.getAttribute("format")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ISO 8583 packager " + location + ": field " + number + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code <format-error-answer field="44"/>}: a format-error answer names the rejected field's number there. The
     * field must be a text field of the layouts with room for three digits.
     */
    private static int formatErrorField(Element root, Map<Integer, Map<Integer, FieldSpec>> layouts, URL location) {
        NodeList answers = root.getElementsByTagName("format-error-answer");
        if (answers.getLength() == 0) {
            return 0;
        }
        String number = ((Element) answers.item(0)).getAttribute("field");
        int field = number.matches("\\d{1,3}") ? Integer.parseInt(number) : 0;
        boolean fits = layouts.values().stream().map(layout -> layout.get(field))
                .anyMatch(spec -> spec != null && !spec.binary() && spec.length() >= 3
                        && spec.format().violation("000".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3) == null);
        if (!fits) {
            throw new IllegalArgumentException("ISO 8583 packager " + location + ": format-error-answer needs the number"
                    + " of a text field of the layouts that holds three digits, e.g. field=\"44\"");
        }
        return field;
    }

    /**
     * {@code <sensitive-data><wipe-field num="126"/><wipe-subfields field="48" tag-digits="2" length-digits="2"
     * tags="92"/></sensitive-data>}: fields wiped whole and tagged subfields (CVV2/CVC2 carriers) wiped alone.
     */
    private static SensitiveData sensitiveData(Element root, URL location) {
        Set<Integer> fields = new HashSet<>(SensitiveData.ALWAYS_WIPED);
        List<SensitiveData.TaggedSubfields> subfields = new ArrayList<>();
        NodeList wholes = root.getElementsByTagName("wipe-field");
        for (int i = 0; i < wholes.getLength(); i++) {
            fields.add(Integer.parseInt(((Element) wholes.item(i)).getAttribute("num")));
        }
        NodeList tagged = root.getElementsByTagName("wipe-subfields");
        for (int i = 0; i < tagged.getLength(); i++) {
            Element rule = (Element) tagged.item(i);
            try {
                subfields.add(new SensitiveData.TaggedSubfields(Integer.parseInt(rule.getAttribute("field")),
                        intOr(rule, "skip", 0), Integer.parseInt(rule.getAttribute("tag-digits")),
                        Integer.parseInt(rule.getAttribute("length-digits")),
                        Set.of(rule.getAttribute("tags").trim().split("\\s*,\\s*"))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ISO 8583 packager " + location + ": wipe-subfields needs field, "
                        + "tag-digits, length-digits and tags (" + e.getMessage() + ")", e);
            }
        }
        return new SensitiveData(Set.copyOf(fields), List.copyOf(subfields));
    }

    private static int intOr(Element element, String attribute, int otherwise) {
        String value = element.getAttribute(attribute);
        return value.isBlank() ? otherwise : Integer.parseInt(value);
    }
}
