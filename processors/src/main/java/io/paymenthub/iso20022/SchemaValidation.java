package io.paymenthub.iso20022;

import io.paymenthub.payment.MessageRejected;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.XMLFilterImpl;

import javax.xml.XMLConstants;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates the {@code Document} of an ISO 20022 message against its schema as a stream (a 10,000-transaction file
 * is never held as a tree). The first violation is rejected with the element path below {@code Document} and a
 * reason built from the schema alone: the validator's own text can quote the offending value, which may be personal
 * or card data, so it is never passed on.
 */
final class SchemaValidation {

    private static final String DOCUMENT = "Document";
    /**
     * The validator's text quotes element names as {@code '{"urn:…":CreDtTm, "urn:…":NbOfTxs}'}; the last such group
     * is what the schema expected (an earlier one is the element found).
     */
    private static final Pattern NAME_GROUP = Pattern.compile("\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("\"[^\"]*\":([A-Za-z][A-Za-z0-9]*)");
    /** A validator costs more to create than to run on a pacs.008; each thread keeps one per schema. */
    private static final ThreadLocal<Map<Schema, Validator>> VALIDATORS = ThreadLocal.withInitial(IdentityHashMap::new);
    private static final int NAMES_LISTED = 4;
    private static final int MAX_FIELD = 120;

    private SchemaValidation() {
    }

    static void validate(byte[] xml, Schema schema) {
        DocumentOnly document = new DocumentOnly();
        try {
            document.setParent(XmlElements.secureSaxReader());
            // each validation starts from a clean state; reset() is not used: the JDK's loses its security settings
            Validator validator = VALIDATORS.get().computeIfAbsent(schema, SchemaValidation::newValidator);
            validator.setErrorHandler(document);
            validator.validate(new SAXSource(document, new InputSource(new ByteArrayInputStream(xml))));
        } catch (Violation v) {
            throw v.rejection;
        } catch (SAXParseException e) {
            throw new MessageRejected(DOCUMENT, "not well-formed XML or has a DOCTYPE at line " + e.getLineNumber() + ", column " + e.getColumnNumber());
        } catch (SAXException | IOException e) {
            throw new MessageRejected(DOCUMENT, "cannot be read as XML");
        }
    }

    private static Validator newValidator(Schema schema) {
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (SAXException e) {
            throw new IllegalStateException("the schema validator cannot refuse external access", e);
        }
        return validator;
    }

    /**
     * The rejection for one validator error at {@code path} (the open elements). A single expected element that is
     * absent at the end of its parent is named itself: {@code GrpHdr/SttlmInf/SttlmMtd: missing}.
     */
    static MessageRejected rejection(List<String> path, String validatorText) {
        String code = validatorText.contains(":") ? validatorText.substring(0, validatorText.indexOf(':')) : validatorText;
        List<String> expected = expected(code, validatorText);
        String field = field(path);
        return switch (code) {
            case "cvc-complex-type.2.4.a" -> new MessageRejected(field, "element not allowed here" + list(expected));
            case "cvc-complex-type.2.4.b" -> expected.size() == 1
                    ? new MessageRejected(field(path, expected.get(0)), "missing")
                    : new MessageRejected(field, "incomplete" + list(expected));
            default -> new MessageRejected(field, reason(code));
        };
    }

    private static String reason(String code) {
        return switch (code) {
            case "cvc-complex-type.2.4.c", "cvc-complex-type.2.4.d", "cvc-complex-type.2.4.e" -> "element not allowed here";
            case "cvc-complex-type.2.1", "cvc-complex-type.2.3" -> "must not have text content";
            case "cvc-complex-type.3.2.2" -> "has an attribute the schema does not allow";
            case "cvc-complex-type.4" -> "lacks a required attribute";
            case "cvc-enumeration-valid" -> "not one of the codes the schema allows";
            case "cvc-maxLength-valid", "cvc-minLength-valid", "cvc-length-valid" -> "length not allowed by the schema";
            case "cvc-pattern-valid" -> "does not match the format the schema requires";
            case "cvc-totalDigits-valid", "cvc-fractionDigits-valid" -> "too many digits";
            case "cvc-minInclusive-valid", "cvc-maxInclusive-valid", "cvc-minExclusive-valid", "cvc-maxExclusive-valid" -> "out of the range the schema allows";
            case "cvc-elt.1.a" -> "not the Document element of this message definition";
            default -> code.startsWith("cvc-datatype-valid") || code.startsWith("cvc-type.3")
                    ? "not a valid value of its data type" : "not valid against the message schema";
        };
    }

    /** {@code [Document, FIToFICstmrCdtTrf, CdtTrfTxInf, ChrgBr]} → {@code CdtTrfTxInf/ChrgBr}, as the readers name fields. */
    private static String field(List<String> path, String... child) {
        List<String> names = new ArrayList<>(path);
        names.addAll(List.of(child));
        String field = names.size() <= 1 ? DOCUMENT : names.size() == 2 ? names.get(1) : String.join("/", names.subList(2, names.size()));
        // the names are the sender's: a made-up element name must not make the rejection unbounded
        return field.length() <= MAX_FIELD ? field : "…" + field.substring(field.length() - MAX_FIELD);
    }

    private static List<String> expected(String code, String validatorText) {
        List<String> groups = new ArrayList<>();
        Matcher group = NAME_GROUP.matcher(validatorText);
        while (group.find()) {
            groups.add(group.group(1));
        }
        boolean foundIsQuoted = code.equals("cvc-complex-type.2.4.a");
        if (groups.size() < (foundIsQuoted ? 2 : 1)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher name = NAME.matcher(groups.get(groups.size() - 1));
        while (name.find()) {
            names.add(name.group(1));
        }
        return List.copyOf(names);
    }

    /** At most {@value #NAMES_LISTED} names: a rejection stays short enough for a log line and a reply. */
    private static String list(List<String> expected) {
        if (expected.isEmpty()) {
            return "";
        }
        if (expected.size() <= NAMES_LISTED) {
            return "; expected " + String.join(" or ", expected);
        }
        return "; expected " + String.join(", ", expected.subList(0, NAMES_LISTED)) + " or one of " + (expected.size() - NAMES_LISTED) + " more";
    }

    /**
     * Passes on only the {@code Document} subtree (a message may come inside an envelope with an AppHdr), refuses a
     * second {@code Document}, and keeps the path of open elements below it, so an error names where it is.
     */
    private static final class DocumentOnly extends XMLFilterImpl implements ErrorHandler {

        private final List<String> open = new ArrayList<>();
        private int depth;
        private boolean documentSeen;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (depth == 0 && !DOCUMENT.equals(localName)) {
                return;
            }
            if (DOCUMENT.equals(localName)) {
                // a second Document (inside it or beside it) would be read by one reader and not the other
                if (documentSeen) {
                    throw new Violation(new MessageRejected(DOCUMENT, "a Document inside the Document"));
                }
                documentSeen = true;
            }
            depth++;
            open.add(localName);
            if (depth > XmlElements.MAX_DEPTH) {
                throw new Violation(XmlElements.tooDeep());
            }
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if (depth == 0) {
                return;
            }
            super.endElement(uri, localName, qName);
            depth--;
            open.remove(open.size() - 1);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (depth > 0) {
                super.characters(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            if (depth > 0) {
                super.ignorableWhitespace(ch, start, length);
            }
        }

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw new Violation(rejection(open, String.valueOf(e.getMessage())));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    /** The first schema violation, already in the form a rejection takes. */
    private static final class Violation extends SAXException {
        private final transient MessageRejected rejection;

        Violation(MessageRejected rejection) {
            super(rejection.getMessage());
            this.rejection = rejection;
        }
    }
}
