package io.switchboard.channel.email;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A node of a parsed MIME tree (internal). Built by {@link #parse}, which is byte-oriented and lenient: missing or
 * mismatched boundaries, missing final boundaries, absent headers and unknown transfer encodings degrade to
 * warnings, never exceptions.
 */
final class MimeNode {

    static final int MAX_DEPTH = 25;
    static final int MAX_PARTS = 2000;

    final MailHeaders headers;
    final String mimeType; // lower-case type/subtype
    final HeaderValue contentType;
    final HeaderValue disposition;
    final List<MimeNode> children = new ArrayList<>();
    /** For message/rfc822 (and text/rfc822-headers): the embedded message. */
    MimeNode embedded;
    /** Transfer-decoded body (leaf parts only; empty for multiparts). */
    byte[] body = new byte[0];
    /** True when this node is the header block of a text/rfc822-headers part (no body). */
    boolean headersOnly;

    private MimeNode(MailHeaders headers, String mimeType, HeaderValue contentType, HeaderValue disposition) {
        this.headers = headers;
        this.mimeType = mimeType;
        this.contentType = contentType;
        this.disposition = disposition;
    }

    static String lowerOrNull(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    String charset() {
        return contentType.param("charset");
    }

    boolean isMultipart() {
        return mimeType.startsWith("multipart/");
    }

    boolean isAttachmentDisposition() {
        return "attachment".equalsIgnoreCase(disposition.value());
    }

    String fileName() {
        String n = disposition.param("filename");
        if (n == null || n.isBlank()) {
            n = contentType.param("name");
        }
        return n == null || n.isBlank() ? null : n.trim();
    }

    String contentId() {
        String cid = headers.raw("Content-ID");
        if (cid == null || cid.isBlank()) {
            return null;
        }
        cid = cid.trim();
        if (cid.startsWith("<") && cid.endsWith(">")) {
            cid = cid.substring(1, cid.length() - 1);
        }
        return cid.trim();
    }

    /** Parses a whole message (or embedded message) from {@code data[start, end)}. */
    static MimeNode parse(byte[] data, int start, int end, String defaultType, int depth, Counter counter,
            List<String> warnings) {
        MailHeaders headers = MailHeaders.parse(data, start, end);
        return parseBody(headers, data, headers.bodyStart, end, defaultType, depth, counter, warnings);
    }

    static final class Counter {
        int parts;
        String firstCharset; // first charset label seen in the tree, used as a hint for raw 8-bit headers
    }

    private static MimeNode parseBody(MailHeaders headers, byte[] data, int bodyStart, int end, String defaultType,
            int depth, Counter counter, List<String> warnings) {
        counter.parts++;
        String ctRaw = headers.unstructured("Content-Type", null, null);
        HeaderValue ct = HeaderValue.parse(ctRaw, warnings);
        String type = normaliseType(ct.value(), defaultType, ctRaw, warnings);
        HeaderValue disp = HeaderValue.parse(headers.unstructured("Content-Disposition", null, null), warnings);
        MimeNode node = new MimeNode(headers, type, ct, disp);
        if (counter.firstCharset == null && ct.param("charset") != null && type.startsWith("text/")) {
            counter.firstCharset = ct.param("charset");
        }
        if (depth > MAX_DEPTH || counter.parts > MAX_PARTS) {
            warnings.add("MIME nesting/part limit reached; remaining structure kept as raw bytes");
            node.body = slice(data, bodyStart, end);
            return node;
        }
        String cte = headers.raw("Content-Transfer-Encoding");
        if (type.startsWith("multipart/")) {
            String boundary = ct.param("boundary");
            if (boundary == null || boundary.isEmpty()) {
                boundary = guessBoundary(data, bodyStart, end);
                if (boundary != null) {
                    warnings.add("multipart without boundary parameter; guessed boundary '" + boundary + "'");
                }
            }
            if (boundary == null || !splitMultipart(node, boundary, data, bodyStart, end, depth, counter, warnings)) {
                warnings.add(type + " without usable boundary; treated as text/plain");
                MimeNode plain = new MimeNode(headers, "text/plain", ct, disp);
                plain.body = TransferDecoding.decode(slice(data, bodyStart, end), cte, warnings);
                return plain;
            }
            return node;
        }
        if (type.equals("message/rfc822") || type.equals("message/global") || type.equals("message/rfc822-headers")
                || type.equals("text/rfc822-headers")) {
            byte[] inner = TransferDecoding.decode(slice(data, bodyStart, end), cte, warnings);
            node.body = inner;
            if (inner.length > 0) {
                node.embedded = parse(inner, 0, inner.length, "text/plain", depth + 1, counter, warnings);
                node.embedded.headersOnly = type.endsWith("-headers");
            }
            return node;
        }
        node.body = TransferDecoding.decode(slice(data, bodyStart, end), cte, warnings);
        return node;
    }

    private static String normaliseType(String value, String defaultType, String raw, List<String> warnings) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return defaultType;
        }
        int slash = v.indexOf('/');
        if (slash < 0) {
            warnings.add("Content-Type without subtype '" + v + "'");
            return switch (v) {
                case "text" -> "text/plain";
                case "multipart" -> "multipart/mixed";
                case "message" -> "message/rfc822";
                default -> "application/octet-stream";
            };
        }
        String t = v.substring(0, slash).trim();
        String s = v.substring(slash + 1).trim();
        int sp = s.indexOf(' ');
        if (sp > 0) {
            s = s.substring(0, sp);
        }
        if (t.isEmpty() || s.isEmpty()) {
            warnings.add("malformed Content-Type '" + raw + "'");
            return defaultType;
        }
        return t + "/" + s;
    }

    /**
     * Splits a multipart body at delimiter lines ("--boundary", close "--boundary--"). Returns false if no delimiter
     * line is present at all.
     */
    private static boolean splitMultipart(MimeNode node, String boundary, byte[] data, int start, int end, int depth,
            Counter counter, List<String> warnings) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        String childDefault = node.mimeType.equals("multipart/digest") ? "message/rfc822" : "text/plain";
        int pos = start;
        int partStart = -1;
        boolean any = false;
        boolean closed = false;
        while (pos < end) {
            int eol = pos;
            while (eol < end && data[eol] != '\n') {
                eol++;
            }
            int next = eol < end ? eol + 1 : end;
            int kind = delimiterKind(data, pos, eol, delim);
            if (kind != 0) {
                if (partStart >= 0) {
                    addChild(node, data, partStart, lineBreakBefore(data, start, pos), childDefault, depth, counter,
                            warnings);
                }
                any = true;
                if (kind == 2) {
                    closed = true;
                    partStart = -1;
                    break;
                }
                partStart = next;
            }
            pos = next;
        }
        if (!any) {
            return false;
        }
        if (!closed && partStart >= 0) {
            if (partStart < end) {
                addChild(node, data, partStart, end, childDefault, depth, counter, warnings);
            }
            warnings.add("multipart missing its closing boundary");
        }
        return true;
    }

    private static void addChild(MimeNode parent, byte[] data, int from, int to, String childDefault, int depth,
            Counter counter, List<String> warnings) {
        if (to < from) {
            to = from;
        }
        parent.children.add(parse(data, from, to, childDefault, depth + 1, counter, warnings));
    }

    /** The CRLF/LF preceding a delimiter belongs to the delimiter (RFC 2046 §5.1.1). */
    private static int lineBreakBefore(byte[] data, int min, int pos) {
        int p = pos;
        if (p > min && data[p - 1] == '\n') {
            p--;
            if (p > min && data[p - 1] == '\r') {
                p--;
            }
        }
        return p;
    }

    /** 0 = not a delimiter, 1 = delimiter, 2 = close delimiter. Trailing whitespace is allowed. */
    private static int delimiterKind(byte[] data, int from, int eol, byte[] delim) {
        int len = eol - from;
        if (len < delim.length) {
            return 0;
        }
        for (int i = 0; i < delim.length; i++) {
            if (data[from + i] != delim[i]) {
                return 0;
            }
        }
        int p = from + delim.length;
        int kind = 1;
        if (p + 2 <= eol && data[p] == '-' && data[p + 1] == '-') {
            kind = 2;
            p += 2;
        }
        while (p < eol) {
            byte c = data[p];
            if (c != ' ' && c != '\t' && c != '\r') {
                return 0;
            }
            p++;
        }
        return kind;
    }

    /** Looks for a "--token" line that occurs at least twice and uses it as the boundary. */
    private static String guessBoundary(byte[] data, int start, int end) {
        String body = new String(data, start, end - start, StandardCharsets.ISO_8859_1);
        for (String line : body.split("\r?\n")) {
            String l = line.trim();
            if (l.startsWith("--") && l.length() > 6 && !l.contains(" ")) {
                String b = l.endsWith("--") ? l.substring(2, l.length() - 2) : l.substring(2);
                if (!b.isEmpty() && body.indexOf("--" + b, body.indexOf(l) + l.length()) >= 0) {
                    return b;
                }
            }
        }
        return null;
    }

    private static byte[] slice(byte[] data, int from, int to) {
        if (to <= from) {
            return new byte[0];
        }
        byte[] out = new byte[to - from];
        System.arraycopy(data, from, out, 0, out.length);
        return out;
    }
}
