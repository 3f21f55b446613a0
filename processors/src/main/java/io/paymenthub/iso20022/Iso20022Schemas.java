package io.paymenthub.iso20022;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.SchemaOutputResolver;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.Result;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the XML schema of an ISO 20022 message definition. The official XSD wins: {@code <definition>.xsd} in the
 * configured directory (e.g. {@code config/iso20022/xsd/pacs.008.001.08.xsd} from the ISO 20022 catalogue or the
 * bank's scheme). Without one, the schema is derived from Prowide's model of that definition, which was generated
 * from the official XSD: the same elements, order, cardinality, data types and code lists, but not the length and
 * pattern facets, which the readers check for the fields they use.
 */
public final class Iso20022Schemas {

    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;
    private static final String ISO_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:";
    private static final String PROWIDE_MODEL = "com.prowidesoftware.swift.model.mx.Mx";

    private final Path officialDirectory;

    /** @param officialDirectory where official XSDs are looked for; {@code null} to always derive */
    public Iso20022Schemas(Path officialDirectory) {
        this.officialDirectory = officialDirectory;
    }

    /** @throws IllegalArgumentException when the definition has neither an official XSD here nor a Prowide model */
    public Schema schemaOf(String definition) {
        try {
            Path official = officialDirectory == null ? null : officialDirectory.resolve(definition + ".xsd");
            return official != null && Files.isRegularFile(official) ? officialSchema(official) : derivedSchema(definition);
        } catch (SAXException | JAXBException | IOException e) {
            throw new IllegalArgumentException("hub.iso20022: cannot build the schema of " + definition + ": " + e.getMessage(), e);
        }
    }

    private static Schema officialSchema(Path xsd) throws SAXException {
        SchemaFactory factory = secureFactory();
        // An official XSD may include or import its neighbours; nothing is fetched from the network.
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        return factory.newSchema(new StreamSource(xsd.toFile()));
    }

    /**
     * JAXB describes Prowide's model as a types schema without a namespace (Prowide binds the namespace while
     * reading); placing those types in the message's namespace, qualified, under a {@code Document} element gives
     * back the message's structure.
     */
    private static Schema derivedSchema(String definition) throws JAXBException, IOException, SAXException {
        Class<?>[] model = modelClasses(definition);
        JAXBContext context = JAXBContext.newInstance(model);
        List<DOMResult> generated = new ArrayList<>();
        context.generateSchema(new SchemaOutputResolver() {
            @Override
            public Result createOutput(String namespaceUri, String suggestedFileName) {
                DOMResult result = new DOMResult();
                result.setSystemId(suggestedFileName);
                if (namespaceUri.isEmpty()) {
                    generated.add(result);
                }
                return result;
            }
        });
        if (generated.size() != 1) {
            throw new IOException("expected one types schema from the model, got " + generated.size());
        }
        Document types = (Document) generated.get(0).getNode();
        Element schema = types.getDocumentElement();
        String namespace = ISO_NAMESPACE + definition;
        schema.setAttribute("targetNamespace", namespace);
        schema.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", namespace);
        schema.setAttribute("elementFormDefault", "qualified");
        Element document = types.createElementNS(XS, "xs:element");
        document.setAttribute("name", "Document");
        document.setAttribute("type", "Document");
        schema.insertBefore(document, schema.getFirstChild());
        CodeLists.restrict(types, model);
        return secureFactory().newSchema(new DOMSource(types, definition + ".xsd"));
    }

    private static Class<?>[] modelClasses(String definition) throws IOException {
        String model = PROWIDE_MODEL + Character.toUpperCase(definition.charAt(0)) + definition.substring(1).replace(".", "");
        try {
            return (Class<?>[]) Class.forName(model).getField("_classes").get(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IOException("no official XSD configured and no model of it in Prowide ISO 20022 (" + model + ")");
        }
    }

    private static SchemaFactory secureFactory() throws SAXException {
        SchemaFactory factory = SchemaFactory.newDefaultInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }
}
