package io.switchboard.channel.wechat;

import io.switchboard.channel.wechat.MalformedPayloadException.Reason;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses a WeChat / WeCom {@code <xml>} body (plaintext message, event, or encrypted envelope) into a
 * {@link WeChatMessage}, safely:
 *
 * <ul>
 *   <li>a byte limit checked before parsing (default {@value #DEFAULT_MAX_BYTES}) and a nesting limit
 *       (default {@value #DEFAULT_MAX_DEPTH}, root = depth 1);</li>
 *   <li>any DOCTYPE and any non-predefined entity reference is refused ({@link SafeXml}), so there is no
 *       entity expansion and no file or network access;</li>
 *   <li>syntax errors become {@link MalformedPayloadException} with line and column;</li>
 *   <li>the root must be {@code <xml>}; the header fields in {@link #SINGLE_VALUED} may occur only once
 *       at top level (a second FromUserName or MsgType would let one part of the system read a different
 *       sender or type than another);</li>
 *   <li>{@code CreateTime}, when present, must be an integer.</li>
 * </ul>
 *
 * <p>Attributes, comments and processing instructions are ignored; WeChat does not use them.
 * Instances are immutable and thread-safe.
 */
public final class WeChatXmlParser {

    public static final int DEFAULT_MAX_BYTES = 128 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;

    /** Top-level fields that must not repeat. */
    public static final Set<String> SINGLE_VALUED = Set.of(
            "ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "Event", "EventKey",
            "Content", "Encrypt", "AgentID");

    private final int maxBytes;
    private final int maxDepth;

    public WeChatXmlParser() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);
    }

    public WeChatXmlParser(int maxBytes, int maxDepth) {
        if (maxBytes <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Parses a body given as text (e.g. decrypted XML). The limit applies to its UTF-8 size; an
     * {@code encoding} in the XML declaration is ignored because the text is already decoded.
     */
    public WeChatMessage parse(String xml) {
        if (xml == null || xml.isEmpty()) {
            throw new MalformedPayloadException(Reason.EMPTY, "XML body is empty");
        }
        // chars <= UTF-8 bytes, so this cheap check already refuses most oversized strings.
        if (xml.length() > maxBytes) {
            throw tooLarge("at least " + xml.length());
        }
        int bytes = xml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw tooLarge(String.valueOf(bytes));
        }
        return read(f -> f.createXMLStreamReader(new StringReader(xml)));
    }

    /** Parses a raw HTTP body. Encoding comes from the XML declaration / BOM, UTF-8 by default. */
    public WeChatMessage parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedPayloadException(Reason.EMPTY, "XML body is empty");
        }
        if (body.length > maxBytes) {
            throw tooLarge(String.valueOf(body.length));
        }
        return read(f -> f.createXMLStreamReader(new ByteArrayInputStream(body)));
    }

    @FunctionalInterface
    private interface ReaderOpener {
        XMLStreamReader open(XMLInputFactory factory) throws XMLStreamException;
    }

    private WeChatMessage read(ReaderOpener opener) {
        XMLStreamReader reader = null;
        try {
            reader = opener.open(SafeXml.newInputFactory());
            return new WeChatMessage(readDocument(reader));
        } catch (XMLStreamException e) {
            throw notWellFormed(e);
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // in-memory source: nothing held open
                }
            }
        }
    }

    private static final class Builder {
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<WeChatMessage.Node> children = new ArrayList<>();
        final Location start;

        Builder(String name, Location start) {
            this.name = name;
            this.start = start;
        }

        WeChatMessage.Node build() {
            String t = text.toString();
            if (!children.isEmpty() && t.isBlank()) {
                t = ""; // indentation between child elements
            }
            return new WeChatMessage.Node(name, t, children);
        }
    }

    private WeChatMessage.Node readDocument(XMLStreamReader r) throws XMLStreamException {
        Deque<Builder> stack = new ArrayDeque<>();
        WeChatMessage.Node root = null;
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.DTD -> throw new MalformedPayloadException(Reason.DOCTYPE_FORBIDDEN,
                        "XML is refused at line " + line(r) + ": DOCTYPE declarations are not allowed in "
                                + "WeChat payloads");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw new MalformedPayloadException(
                        Reason.ENTITY_FORBIDDEN, "XML is refused at line " + line(r) + ": entity reference '&"
                        + r.getLocalName() + ";' is not allowed (only the five predefined entities are)");
                case XMLStreamConstants.START_ELEMENT -> {
                    String name = r.getLocalName();
                    if (stack.isEmpty()) {
                        if (root != null) {
                            throw new MalformedPayloadException(Reason.NOT_WELL_FORMED,
                                    "XML is not well-formed at line " + line(r) + ": second root element <"
                                            + name + ">");
                        }
                        if (!"xml".equals(name)) {
                            throw new MalformedPayloadException(Reason.WRONG_ROOT,
                                    "root element must be <xml>, got <" + name + ">");
                        }
                    }
                    if (stack.size() + 1 > maxDepth) {
                        throw new MalformedPayloadException(Reason.TOO_DEEP, "XML nests deeper than "
                                + maxDepth + " elements at line " + line(r));
                    }
                    stack.push(new Builder(name, r.getLocation()));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!stack.isEmpty()) {
                        stack.peek().text.append(r.getText());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Builder done = stack.pop();
                    WeChatMessage.Node node = done.build();
                    if (stack.isEmpty()) {
                        root = node;
                    } else {
                        Builder parent = stack.peek();
                        if (stack.size() == 1 && SINGLE_VALUED.contains(node.name())
                                && parent.children.stream().anyMatch(c -> c.name().equals(node.name()))) {
                            throw new MalformedPayloadException(Reason.DUPLICATE_FIELD,
                                    "field <" + node.name() + "> occurs more than once (second one at line "
                                            + lineOf(done.start) + ")");
                        }
                        parent.children.add(node);
                    }
                }
                default -> {
                    // START_DOCUMENT, END_DOCUMENT, COMMENT, PROCESSING_INSTRUCTION: nothing to keep
                }
            }
        }
        if (root == null) {
            throw new MalformedPayloadException(Reason.NOT_WELL_FORMED, "XML has no root element");
        }
        return root;
    }

    private MalformedPayloadException tooLarge(String size) {
        return new MalformedPayloadException(Reason.TOO_LARGE,
                "XML body of " + size + " bytes exceeds the limit of " + maxBytes + " bytes");
    }

    private static String line(XMLStreamReader r) {
        return lineOf(r.getLocation());
    }

    private static String lineOf(Location l) {
        return l == null ? "?" : String.valueOf(l.getLineNumber());
    }

    /** JDK messages look like "ParseError at [row,col]:[3,12]\nMessage: ..."; keep only the message part. */
    private static MalformedPayloadException notWellFormed(XMLStreamException e) {
        String detail = e.getMessage() == null ? "parse error" : e.getMessage();
        int idx = detail.indexOf("Message: ");
        if (idx >= 0) {
            detail = detail.substring(idx + "Message: ".length());
        }
        detail = detail.strip();
        Location l = e.getLocation();
        String where = l == null ? "" : " at line " + l.getLineNumber() + ", column " + l.getColumnNumber();
        return new MalformedPayloadException(Reason.NOT_WELL_FORMED, "XML is not well-formed" + where + ": "
                + detail, e);
    }
}
