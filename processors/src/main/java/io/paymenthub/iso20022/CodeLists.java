package io.paymenthub.iso20022;

import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlEnum;
import jakarta.xml.bind.annotation.XmlType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts the code lists back into a schema derived from Prowide's model. The model binds a code element such as
 * {@code ChrgBr} to a Java enum but marks it {@code xs:string}, so the derived schema would accept any text; this
 * retypes each such element to the enum's own simple type ({@code ChargeBearerType1Code}), which the derived
 * schema already declares.
 */
final class CodeLists {

    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;
    private static final String DEFAULT_NAME = "##default";

    private CodeLists() {
    }

    static void restrict(Document schema, Class<?>[] model) {
        Map<String, Map<String, String>> codeElements = codeElements(model);
        NodeList complexTypes = schema.getElementsByTagNameNS(XS, "complexType");
        for (int i = 0; i < complexTypes.getLength(); i++) {
            Element complexType = (Element) complexTypes.item(i);
            Map<String, String> codes = codeElements.get(complexType.getAttribute("name"));
            if (codes == null) {
                continue;
            }
            NodeList elements = complexType.getElementsByTagNameNS(XS, "element");
            for (int j = 0; j < elements.getLength(); j++) {
                Element element = (Element) elements.item(j);
                String codeList = codes.get(element.getAttribute("name"));
                if (codeList != null && element.getAttribute("type").equals("xs:string")) {
                    element.setAttribute("type", codeList);
                }
            }
        }
    }

    /** Schema type name → (element name → code list type name), for every type reachable from the model. */
    private static Map<String, Map<String, String>> codeElements(Class<?>[] model) {
        Map<String, Map<String, String>> byType = new HashMap<>();
        Deque<Class<?>> pending = new ArrayDeque<>(List.of(model));
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> type = pending.pop();
            if (!seen.add(type) || type.getAnnotation(XmlType.class) == null) {
                continue;
            }
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                pending.add(c);
                for (Field field : c.getDeclaredFields()) {
                    Class<?> value = valueType(field);
                    if (value.isEnum() && value.isAnnotationPresent(XmlEnum.class) && value.isAnnotationPresent(XmlType.class)) {
                        byType.computeIfAbsent(type.getAnnotation(XmlType.class).name(), k -> new HashMap<>())
                                .put(elementName(field), value.getAnnotation(XmlType.class).name());
                    } else if (value.isAnnotationPresent(XmlType.class)) {
                        pending.add(value);
                    }
                }
            }
        }
        return byType;
    }

    private static Class<?> valueType(Field field) {
        if (List.class.isAssignableFrom(field.getType()) && field.getGenericType() instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return field.getType();
    }

    private static String elementName(Field field) {
        XmlElement element = field.getAnnotation(XmlElement.class);
        return element == null || element.name().equals(DEFAULT_NAME) ? field.getName() : element.name();
    }
}
