package io.switchboard.channel.wechat;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;

/**
 * Hardened StAX factory for untrusted XML bodies.
 *
 * <ul>
 *   <li>Always the JDK's built-in implementation ({@link XMLInputFactory#newDefaultFactory()}), never one
 *       found on the classpath (Quarkus apps often carry Woodstox), so the settings below are the ones we
 *       tested.</li>
 *   <li>DTD support off, external entities off, entity references not replaced, external DTD/schema
 *       access limited to the empty protocol list, and a resolver that refuses everything.</li>
 *   <li>The reader still reports a {@code DTD} event when a DOCTYPE is present; {@link WeChatXmlParser}
 *       turns that into a refusal, so any DOCTYPE (internal subset, SYSTEM or PUBLIC) is rejected before
 *       a single entity is declared or expanded.</li>
 * </ul>
 */
public final class SafeXml {

    private SafeXml() {
    }

    /** A new, hardened factory. Factories are not guaranteed thread-safe for configuration; create one per parser. */
    public static XMLInputFactory newInputFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.TRUE);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resource refused: " + systemId);
        });
        return f;
    }
}
