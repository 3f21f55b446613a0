package io.paymenthub.iso20022;

import io.paymenthub.payment.MessageRejected;

import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams an ISO 20022 document element by element with the JDK's StAX reader, DTDs and external entities off:
 * nothing is ever read from the file system or the network, and a DOCTYPE is refused. Paths are the local names
 * below {@code Document}, e.g. {@code CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt}, so a new version of a
 * message with the same structure reads the same.
 */
final class XmlElements {

    /** What a reader of one document does with its elements. */
    interface Handler {
        /** The root element opens (a {@code Document}, or an envelope around the header and the {@code Document}). */
        default void root(String name) {
        }

        /** An element opens; {@code attributes} is the reader positioned on it. */
        default void start(String path, XMLStreamReader attributes) {
        }

        /** An element closes; {@code text} is its trimmed text content (empty for containers). */
        void end(String path, String text);
    }

    /**
     * ISO 20022 messages nest some twenty elements deep; a document nested far deeper is refused as soon as it gets
     * there, before its element paths cost time and memory in proportion to the square of its depth.
     */
    static final int MAX_DEPTH = 64;

    private static final XMLInputFactory FACTORY = secureFactory();
    private static final SAXParserFactory SAX_PARSERS = secureSaxParsers();
    private static final ThreadLocal<XMLReader> SAX_READERS = ThreadLocal.withInitial(XmlElements::newSecureSaxReader);

    private XmlElements() {
    }

    static void read(byte[] xml, Handler handler) {
        List<String> open = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (reader.hasNext()) {
                    switch (next(reader)) {
                        case XMLStreamConstants.DTD -> throw new MessageRejected("Document", "a DOCTYPE is not allowed");
                        case XMLStreamConstants.ENTITY_REFERENCE -> throw new MessageRejected("Document", "entity references are not allowed");
                        case XMLStreamConstants.START_ELEMENT -> {
                            if (open.size() == MAX_DEPTH) {
                                throw tooDeep();
                            }
                            open.add(reader.getLocalName());
                            text.setLength(0);
                            if (open.size() > 1) {
                                handler.start(path(open), reader);
                            } else {
                                handler.root(reader.getLocalName());
                            }
                        }
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> text.append(reader.getText());
                        case XMLStreamConstants.END_ELEMENT -> {
                            if (open.size() > 1) {
                                handler.end(path(open), text.toString().strip());
                            }
                            open.remove(open.size() - 1);
                            text.setLength(0);
                        }
                        default -> {
                        }
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNumber() + ", column " + e.getLocation().getColumnNumber();
            throw new MessageRejected("Document", "not well-formed XML" + where);
        }
    }

    /**
     * The next event; the JDK's reader fails on some malformed input (a control character inside a DOCTYPE) with a
     * {@code MissingResourceException} while formatting its own message, which is turned into the usual stream error.
     */
    static int next(XMLStreamReader reader) throws XMLStreamException {
        try {
            return reader.next();
        } catch (RuntimeException unreadable) {
            throw new XMLStreamException("unreadable XML", reader.getLocation(), unreadable);
        }
    }

    static MessageRejected tooDeep() {
        return new MessageRejected("Document", "nested deeper than " + MAX_DEPTH + " elements");
    }

    private static String path(List<String> open) {
        return String.join("/", open.subList(1, open.size()));
    }

    /**
     * The JDK's SAX parser, namespace aware, refusing DOCTYPEs and external entities; one per thread, reused: a parser
     * resets itself at each parse, and making one costs about as much as validating a small document. The factory is
     * built once: looking one up scans the class path, which cost more than parsing a pacs.008. A caller finishes its
     * parse before the thread's next one starts (no nesting).
     */
    static XMLReader secureSaxReader() {
        return SAX_READERS.get();
    }

    private static XMLReader newSecureSaxReader() {
        try {
            return SAX_PARSERS.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }

    private static SAXParserFactory secureSaxParsers() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }

    /** The JDK's StAX factory with DTDs and external entities off; it creates a fresh reader per call, so sharing it is safe. */
    static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return factory;
    }
}
