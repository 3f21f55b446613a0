package io.paymenthub.iso20022;

import com.prowidesoftware.swift.model.mx.MxPacs00800108;
import com.prowidesoftware.swift.model.mx.NamespaceAndElementFilter;
import com.prowidesoftware.swift.model.mx.dic.AccountIdentification4Choice;
import com.prowidesoftware.swift.model.mx.dic.ActiveCurrencyAndAmount;
import com.prowidesoftware.swift.model.mx.dic.BranchAndFinancialInstitutionIdentification6;
import com.prowidesoftware.swift.model.mx.dic.CashAccount38;
import com.prowidesoftware.swift.model.mx.dic.CreditTransferTransaction39;
import com.prowidesoftware.swift.model.mx.dic.FIToFICustomerCreditTransferV08;
import com.prowidesoftware.swift.model.mx.dic.FinancialInstitutionIdentification18;
import com.prowidesoftware.swift.model.mx.dic.GroupHeader93;
import com.prowidesoftware.swift.model.mx.dic.PartyIdentification135;
import com.prowidesoftware.swift.model.mx.dic.PaymentIdentification7;
import com.prowidesoftware.swift.model.mx.dic.PostalAddress24;
import io.paymenthub.payment.MessageFormat;
import io.paymenthub.payment.MessageRejected;
import io.paymenthub.payment.OriginSignal;
import io.paymenthub.payment.Payment;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventHandler;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.sax.SAXSource;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

import static io.paymenthub.iso20022.Iso20022Values.matching;

/**
 * Maps one ISO 20022 pacs.008.001.08 credit transfer into the canonical {@link Payment}.
 * Build one and share it: it holds the JAXB context, which costs milliseconds to create; parsing is thread-safe.
 * Rejections name the element path and never echo values, so their text is safe to log.
 */
public final class Iso20022Parser {

    public static final String PACS_008_001_08 = "pacs.008.001.08";

    private static final String DOCUMENT = "Document";
    private static final String TX = "CdtTrfTxInf";

    private static final Pattern ISO_NAMESPACE =
            Pattern.compile("urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\\.[0-9]{3}\\.[0-9]{3}\\.[0-9]{2})");
    private static final Pattern BIC = Iso20022Values.BIC;
    private static final Pattern IBAN = Iso20022Values.IBAN;
    private static final Pattern COUNTRY = Iso20022Values.COUNTRY;
    private static final Pattern UETR = Iso20022Values.UETR;

    private static final XMLInputFactory SNIFFER = XmlElements.secureFactory();

    private final JAXBContext context;

    public Iso20022Parser() {
        try {
            this.context = JAXBContext.newInstance(MxPacs00800108._classes);
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot build the JAXB context for " + PACS_008_001_08, e);
        }
    }

    /**
     * Names the message definition from the {@code Document} namespace, reading no further than that start tag:
     * {@code urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08} → {@code pacs.008.001.08}.
     *
     * @return empty when there is no {@code Document} element or its namespace is not an ISO 20022 one
     * @throws MessageRejected for XML that is not well-formed or declares a DOCTYPE
     */
    public static Optional<String> messageDefinition(byte[] xml) {
        try {
            XMLStreamReader reader = SNIFFER.createXMLStreamReader(new ByteArrayInputStream(xml));
            try {
                while (reader.hasNext()) {
                    int event = XmlElements.next(reader);
                    if (event == XMLStreamConstants.DTD) {
                        throw new MessageRejected(DOCUMENT, "a DOCTYPE is not allowed");
                    }
                    if (event == XMLStreamConstants.START_ELEMENT && DOCUMENT.equals(reader.getLocalName())) {
                        return definitionOf(reader.getNamespaceURI());
                    }
                }
                return Optional.empty();
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new MessageRejected(DOCUMENT, "not well-formed XML" + at(e.getLocation()));
        }
    }

    /**
     * @throws MessageRejected naming the element path when the bytes are not one valid pacs.008.001.08 transfer
     */
    public Payment parse(byte[] xml, Instant receivedAt) {
        requirePacs008(xml);
        return parseValidated(xml, receivedAt);
    }

    /**
     * A document {@link SchemaValidation} has passed as pacs.008.001.08 (so its definition is known and it holds one
     * Document): read without checking those again.
     */
    Payment parseValidated(byte[] xml, Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        FIToFICustomerCreditTransferV08 transfer =
                required(unmarshal(xml).getFIToFICstmrCdtTrf(), "FIToFICstmrCdtTrf");
        CreditTransferTransaction39 tx = onlyTransaction(transfer);
        GroupHeader93 header = checkedHeader(transfer.getGrpHdr());
        checkParties(tx);

        Map<String, String> references = references(header, tx);
        String uetr = references.get("UETR");
        String messageId = uetr != null ? uetr : references.get("MsgId") + ":" + references.get("EndToEndId");
        long amountMinor = minorUnits(tx.getIntrBkSttlmAmt());
        return new Payment(messageId, MessageFormat.ISO20022, PACS_008_001_08, references, originSignals(tx),
                amountMinor, tx.getIntrBkSttlmAmt().getCcy(), null, null, personalData(tx), null, receivedAt);
    }

    private static void requirePacs008(byte[] xml) {
        String definition = messageDefinition(xml)
                .orElseThrow(() -> new MessageRejected(DOCUMENT, "not an ISO 20022 message (no Document namespace)"));
        if (!PACS_008_001_08.equals(definition)) {
            throw new MessageRejected(DOCUMENT, definition + " is not " + PACS_008_001_08);
        }
        // Prowide's filter keeps the Document subtree; a second Document inside it unbalances what JAXB is fed
        XmlElements.read(xml, new XmlElements.Handler() {
            private int documents;

            @Override
            public void root(String name) {
                documents = DOCUMENT.equals(name) ? 1 : 0;
            }

            @Override
            public void start(String path, XMLStreamReader element) {
                if ((path.equals(DOCUMENT) || path.endsWith("/" + DOCUMENT)) && ++documents > 1) {
                    throw new MessageRejected(DOCUMENT, "a Document inside the Document");
                }
            }

            @Override
            public void end(String path, String text) {
            }
        });
    }

    private MxPacs00800108 unmarshal(byte[] xml) {
        ElementPath path = new ElementPath();
        path.setParent(documentReader());
        try {
            Unmarshaller unmarshaller = context.createUnmarshaller();
            unmarshaller.setEventHandler(path);
            InputSource input = new InputSource(new ByteArrayInputStream(xml));
            MxPacs00800108 document =
                    unmarshaller.unmarshal(new SAXSource(path, input), MxPacs00800108.class).getValue();
            if (path.tooDeep) {
                throw XmlElements.tooDeep();
            }
            if (path.firstInvalid != null) {
                throw new MessageRejected(path.firstInvalid, "invalid value or unexpected element");
            }
            return document;
        } catch (JAXBException e) {
            if (path.tooDeep) {
                throw XmlElements.tooDeep();
            }
            String where = at(e.getLinkedException());
            throw new MessageRejected(DOCUMENT, "not well-formed XML or has a DOCTYPE" + where);
        }
    }

    /** The secure SAX reader, reading only the Document subtree with the ISO namespace unbound (Prowide's filter). */
    private static XMLReader documentReader() {
        XMLReader reader = XmlElements.secureSaxReader();
        NamespaceAndElementFilter filter = new NamespaceAndElementFilter(DOCUMENT);
        filter.setParent(reader);
        return filter;
    }

    private static CreditTransferTransaction39 onlyTransaction(FIToFICustomerCreditTransferV08 transfer) {
        List<CreditTransferTransaction39> transactions = transfer.getCdtTrfTxInf();
        if (transactions.isEmpty()) {
            throw new MessageRejected(TX, "missing");
        }
        if (transactions.size() > 1) {
            throw new MessageRejected(TX, "more than one transaction; only single-transaction pacs.008 is accepted");
        }
        return transactions.get(0);
    }

    private static GroupHeader93 checkedHeader(GroupHeader93 header) {
        required(header, "GrpHdr");
        required(header.getCreDtTm(), "GrpHdr/CreDtTm");
        if (!"1".equals(text(header.getNbOfTxs(), "GrpHdr/NbOfTxs", 15))) {
            throw new MessageRejected("GrpHdr/NbOfTxs", "does not match the one CdtTrfTxInf");
        }
        required(required(header.getSttlmInf(), "GrpHdr/SttlmInf").getSttlmMtd(), "GrpHdr/SttlmInf/SttlmMtd");
        return header;
    }

    private static void checkParties(CreditTransferTransaction39 tx) {
        required(tx.getChrgBr(), TX + "/ChrgBr");
        required(tx.getDbtr(), TX + "/Dbtr");
        required(required(tx.getDbtrAgt(), TX + "/DbtrAgt").getFinInstnId(), TX + "/DbtrAgt/FinInstnId");
        required(required(tx.getCdtrAgt(), TX + "/CdtrAgt").getFinInstnId(), TX + "/CdtrAgt/FinInstnId");
        required(tx.getCdtr(), TX + "/Cdtr");
    }

    private static Map<String, String> references(GroupHeader93 header, CreditTransferTransaction39 tx) {
        PaymentIdentification7 ids = required(tx.getPmtId(), TX + "/PmtId");
        Map<String, String> references = new LinkedHashMap<>();
        references.put("MsgId", Iso20022Values.max35(header.getMsgId(), "GrpHdr/MsgId"));
        references.put("EndToEndId", Iso20022Values.max35(ids.getEndToEndId(), TX + "/PmtId/EndToEndId"));
        String uetr = matching(ids.getUETR(), TX + "/PmtId/UETR", UETR, "not a UUID v4");
        if (uetr != null) {
            references.put("UETR", uetr);
        }
        return references;
    }

    /** The parties' personal data, clear here; the masking rules apply before anything is kept. */
    private static Map<String, String> personalData(CreditTransferTransaction39 tx) {
        Map<String, String> data = new LinkedHashMap<>();
        child(tx.getDbtr(), PartyIdentification135::getNm).ifPresent(v -> data.put("Dbtr/Nm", v));
        child(tx.getDbtrAcct(), CashAccount38::getId).map(Iso20022Parser::accountId).ifPresent(v -> data.put("DbtrAcct/Id", v));
        child(tx.getCdtr(), PartyIdentification135::getNm).ifPresent(v -> data.put("Cdtr/Nm", v));
        child(tx.getCdtrAcct(), CashAccount38::getId).map(Iso20022Parser::accountId).ifPresent(v -> data.put("CdtrAcct/Id", v));
        child(tx.getDbtr(), PartyIdentification135::getPstlAdr).map(Iso20022Parser::address).ifPresent(v -> data.put("Dbtr/PstlAdr", v));
        child(tx.getCdtr(), PartyIdentification135::getPstlAdr).map(Iso20022Parser::address).ifPresent(v -> data.put("Cdtr/PstlAdr", v));
        if (tx.getRmtInf() != null && !tx.getRmtInf().getUstrd().isEmpty()) {
            data.put("RmtInf/Ustrd", String.join(" ", tx.getRmtInf().getUstrd()));
        }
        return data;
    }

    private static String accountId(AccountIdentification4Choice id) {
        return id.getIBAN() != null ? id.getIBAN() : id.getOthr() == null ? null : id.getOthr().getId();
    }

    private static String address(PostalAddress24 address) {
        List<String> parts = new ArrayList<>(address.getAdrLine());
        for (String part : new String[] {address.getStrtNm(), address.getBldgNb(), address.getPstCd(), address.getTwnNm(), address.getCtry()}) {
            if (part != null) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    /** In DESIGN.md residency order: debtor agent BIC, then debtor IBAN, then debtor address country. */
    private static List<OriginSignal> originSignals(CreditTransferTransaction39 tx) {
        List<OriginSignal> signals = new ArrayList<>(3);
        String bic = matching(child(tx.getDbtrAgt(), BranchAndFinancialInstitutionIdentification6::getFinInstnId)
                .map(FinancialInstitutionIdentification18::getBICFI).orElse(null),
                TX + "/DbtrAgt/FinInstnId/BICFI", BIC, "not a BIC");
        if (bic != null) {
            signals.add(new OriginSignal("DbtrAgt/FinInstnId/BICFI", bic.substring(4, 6)));
        }
        String iban = matching(child(tx.getDbtrAcct(), CashAccount38::getId)
                .map(AccountIdentification4Choice::getIBAN).orElse(null),
                TX + "/DbtrAcct/Id/IBAN", IBAN, "not an IBAN");
        if (iban != null) {
            signals.add(new OriginSignal("DbtrAcct/Id/IBAN", iban.substring(0, 2)));
        }
        String country = matching(child(tx.getDbtr(), PartyIdentification135::getPstlAdr)
                .map(PostalAddress24::getCtry).orElse(null),
                TX + "/Dbtr/PstlAdr/Ctry", COUNTRY, "not an ISO 3166 alpha-2 country code");
        if (country != null) {
            signals.add(new OriginSignal("Dbtr/PstlAdr/Ctry", country));
        }
        return signals;
    }

    private static long minorUnits(ActiveCurrencyAndAmount amount) {
        String field = TX + "/IntrBkSttlmAmt";
        required(amount, field);
        return Iso20022Values.minorUnits(amount.getValue(), amount.getCcy(), field);
    }

    private static <T> T required(T value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new MessageRejected(field, "missing");
        }
        return value;
    }

    private static String text(String value, String field, int maxLength) {
        if (required(value, field).length() > maxLength) {
            throw new MessageRejected(field, "longer than " + maxLength + " characters");
        }
        return value;
    }

    private static <T, R> Optional<R> child(T parent, Function<T, R> getter) {
        return Optional.ofNullable(parent).map(getter);
    }

    private static Optional<String> definitionOf(String namespace) {
        if (namespace == null) {
            return Optional.empty();
        }
        Matcher matcher = ISO_NAMESPACE.matcher(namespace);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String at(Location location) {
        return location == null
                ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    private static String at(Throwable cause) {
        return cause instanceof SAXParseException e
                ? " at line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                : "";
    }

    /**
     * Tracks the open elements so a value JAXB cannot bind (bad decimal, unknown code, stray element) is reported
     * by its path, e.g. {@code CdtTrfTxInf/ChrgBr}, instead of being silently dropped as JAXB does by default.
     */
    private static final class ElementPath extends XMLFilterImpl implements ValidationEventHandler {

        private final Deque<String> open = new ArrayDeque<>();
        private String firstInvalid;
        private boolean tooDeep;
        /** Open elements below the depth limit: JAXB never sees them (an exception thrown at it trips its assertions). */
        private int skipped;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            if (skipped > 0 || open.size() == XmlElements.MAX_DEPTH) {
                tooDeep = true;
                skipped++;
                return;
            }
            open.addLast(localName);
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if (skipped > 0) {
                skipped--;
                return;
            }
            super.endElement(uri, localName, qName);
            open.pollLast();
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (skipped == 0) {
                super.characters(ch, start, length);
            }
        }

        @Override
        public boolean handleEvent(ValidationEvent event) {
            if (firstInvalid == null && event.getSeverity() != ValidationEvent.WARNING) {
                firstInvalid = current();
            }
            // Carry on after binding errors: Prowide's filter logs an abort with its text, which may hold a value.
            return event.getSeverity() != ValidationEvent.FATAL_ERROR;
        }

        /** Path below {@code Document/FIToFICstmrCdtTrf}, the form every rejection of this parser uses. */
        private String current() {
            List<String> names = new ArrayList<>(open);
            return names.size() <= 2 ? DOCUMENT : String.join("/", names.subList(2, names.size()));
        }
    }
}
