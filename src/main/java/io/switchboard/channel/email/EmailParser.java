package io.switchboard.channel.email;

import jakarta.mail.internet.MailDateFormat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.text.ParsePosition;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses raw RFC 5322 / MIME bytes into a {@link ParsedEmail}. Pure function, thread-safe, never throws for any
 * input: problems are reported in {@link ParsedEmail#warnings()}.
 */
public final class EmailParser {

    private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?\\s*([\\w.:-]+)");
    private static final Pattern EMBEDDED_MESSAGE_ID = Pattern.compile("(?im)^\\s*Message-ID\\s*:\\s*(<[^<>\\s]+>)");
    private static final Set<String> CJK_CHARSET_NAMES = Set.of("Big5", "Big5-HKSCS", "GB18030", "windows-31j",
            "Shift_JIS", "EUC-JP", "x-windows-949", "EUC-KR", "ISO-2022-JP");

    private EmailParser() {
    }

    /** Parses one message. Never throws; a null or empty input yields an empty result with a warning. */
    public static ParsedEmail parse(byte[] raw) {
        List<String> warnings = new ArrayList<>();
        if (raw == null || raw.length == 0) {
            warnings.add("empty message");
            return empty(warnings);
        }
        try {
            return doParse(raw, warnings);
        } catch (RuntimeException | StackOverflowError e) {
            List<String> w = new ArrayList<>(warnings);
            w.add("parser failure (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); fell back to raw text");
            try {
                String text = MimeCharsets.decode(raw, null, "raw message", w);
                return new ParsedEmail(null, List.of(), List.of(), List.of(), "", null, List.of(), List.of(), null,
                        text, "", "", text, false, false, null, List.of(), null, null, "",
                        new LoopGuard.Verdict(LoopGuard.Kind.NONE, "", false), null, List.of(), w);
            } catch (RuntimeException e2) {
                return empty(w);
            }
        }
    }

    private static ParsedEmail empty(List<String> warnings) {
        return new ParsedEmail(null, List.of(), List.of(), List.of(), "", null, List.of(), List.of(), null, "", "", "",
                "", false, false, null, List.of(), null, null, "",
                new LoopGuard.Verdict(LoopGuard.Kind.NONE, "", false), null, List.of(), warnings);
    }

    private static ParsedEmail doParse(byte[] raw, List<String> warnings) {
        MimeNode.Counter counter = new MimeNode.Counter();
        MimeNode root = MimeNode.parse(raw, 0, raw.length, "text/plain", 0, counter, warnings);
        MailHeaders h = root.headers;
        String hint = counter.firstCharset;
        if (h.isEmpty()) {
            warnings.add("message has no header block");
        }

        String subject = h.text("Subject", hint, warnings);
        if (subject == null) {
            warnings.add("no Subject header");
            subject = "";
        }
        subject = repairDoubleEncoded(subject.replaceAll("[\\r\\n\\t]+", " ").trim(), hint, warnings);
        if (subject.isEmpty() && h.has("Subject")) {
            warnings.add("empty Subject");
        }

        List<EmailAddress> fromList = EmailAddress.parseList(h.unstructured("From", hint, warnings), warnings);
        EmailAddress from = fromList.isEmpty() ? null : fromList.get(0);
        if (from == null) {
            List<EmailAddress> sender = EmailAddress.parseList(h.unstructured("Sender", hint, warnings), warnings);
            if (!sender.isEmpty()) {
                from = sender.get(0);
                warnings.add("no usable From header; used Sender");
            } else {
                warnings.add(h.has("From") ? "unparseable From header" : "no From header");
            }
        }
        List<EmailAddress> to = EmailAddress.parseList(joined(h, "To", hint, warnings), warnings);
        List<EmailAddress> cc = EmailAddress.parseList(joined(h, "Cc", hint, warnings), warnings);
        List<EmailAddress> replyTo = EmailAddress.parseList(h.unstructured("Reply-To", hint, warnings), warnings);

        String messageId = Threading.normalizeId(h.raw("Message-ID"));
        List<String> inReplyTo = Threading.parseIds(h.raw("In-Reply-To"));
        List<String> references = Threading.parseIds(String.join(" ", h.all("References")));
        Instant date = parseDate(h.raw("Date"), warnings);

        Body body = new Body();
        collect(root, body, false, warnings);
        String fullText;
        boolean textFromHtml = false;
        if (body.segments.isEmpty()) {
            fullText = "";
            if (body.attachments.isEmpty()) {
                warnings.add("message has no body text");
            } else {
                warnings.add("message has no body text, only attachments");
            }
        } else {
            StringBuilder sb = new StringBuilder();
            boolean anyPlain = body.segments.stream().anyMatch(s -> !s.html);
            for (Segment s : body.segments) {
                if (s.html && anyPlain && body.segments.size() > 1 && s.text.isBlank()) {
                    continue;
                }
                String t = s.html ? HtmlToText.convert(s.text) : s.text;
                if (!t.isBlank()) {
                    if (sb.length() > 0) {
                        sb.append("\n\n");
                    }
                    sb.append(t.strip());
                }
            }
            fullText = sb.toString();
            textFromHtml = !anyPlain;
            if (fullText.isBlank()) {
                warnings.add("body text is empty");
            }
        }
        String htmlBody = body.htmlBody;
        ReplySplitter.Split split = ReplySplitter.split(fullText);

        LoopGuard.Signals signals = new LoopGuard.Signals(h, subject, from == null ? null : from.address(),
                root.mimeType.equals("multipart/report") ? MimeNode.lowerOrNull(root.contentType.param("report-type"))
                        : firstReportType(root), partTypes(root));
        LoopGuard.Verdict verdict = LoopGuard.classify(signals);
        String bounced = null;
        if (verdict.kind() == LoopGuard.Kind.BOUNCE || verdict.kind() == LoopGuard.Kind.FEEDBACK_REPORT) {
            bounced = bouncedMessageId(root, fullText, messageId);
        }

        String threadKey = Threading.threadKey(references, inReplyTo, messageId);
        String language = LanguageHint.guess(subject + "\n" + split.text());
        return new ParsedEmail(from, to, cc, replyTo, subject, messageId, inReplyTo, references, date, split.text(),
                split.quoted(), split.signature(), fullText, body.sawHtml, textFromHtml, htmlBody, body.attachments,
                language, threadKey, Threading.subjectKey(subject), verdict, bounced, h.all("Authentication-Results"),
                warnings);
    }

    private static String joined(MailHeaders h, String name, String hint, List<String> warnings) {
        List<String> parts = new ArrayList<>();
        for (MailHeaders.Field f : h.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                parts.add(MimeCharsets.decodeWithHint(f.value(), hint, name, warnings).trim());
            }
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    // ---------------------------------------------------------------- body and attachments

    private record Segment(String text, boolean html) {
    }

    private static final class Body {
        final List<Segment> segments = new ArrayList<>();
        final List<Attachment> attachments = new ArrayList<>();
        String htmlBody;
        boolean sawHtml;
    }

    /**
     * Walks the tree. {@code altHtmlOnly}: we are inside the HTML alternative of a multipart/alternative whose plain
     * alternative was chosen — HTML goes to htmlBody only, other parts become inline attachments.
     */
    private static void collect(MimeNode node, Body body, boolean altHtmlOnly, List<String> warnings) {
        String type = node.mimeType;
        if (type.equals("multipart/alternative")) {
            MimeNode plain = null;
            MimeNode rich = null;
            for (MimeNode c : node.children) {
                if (c.isAttachmentDisposition()) {
                    continue;
                }
                if (plain == null && (c.mimeType.equals("text/plain") || c.isMultipart() && contains(c, "text/plain"))) {
                    plain = c;
                }
                if (c.mimeType.equals("text/html") || c.isMultipart() && contains(c, "text/html")) {
                    rich = c; // the last (richest) HTML alternative
                }
            }
            if (plain != null && !altHtmlOnly && isBlankText(plain, warnings) && rich != null) {
                plain = null; // empty text/plain alternative next to real HTML: use the HTML
            }
            for (MimeNode c : node.children) {
                if (c == plain) {
                    collect(c, body, altHtmlOnly, warnings);
                } else if (c == rich) {
                    collect(c, body, altHtmlOnly || plain != null, warnings);
                } else if (plain == null && rich == null) {
                    collect(c, body, altHtmlOnly, warnings);
                } else if (!c.mimeType.startsWith("text/plain") && !c.mimeType.equals("text/html")) {
                    addAttachment(c, body, false);
                }
            }
            return;
        }
        if (type.equals("multipart/related")) {
            String start = Threading.normalizeId(node.contentType.param("start"));
            MimeNode rootPart = null;
            for (MimeNode c : node.children) {
                String cid = c.contentId();
                if (start != null && cid != null && start.equals(cid.toLowerCase(Locale.ROOT))) {
                    rootPart = c;
                }
            }
            String rootType = MimeNode.lowerOrNull(node.contentType.param("type"));
            if (rootPart == null && rootType != null) {
                for (MimeNode c : node.children) {
                    if (c.mimeType.equals(rootType)) {
                        rootPart = c;
                        break;
                    }
                }
            }
            if (rootPart == null && !node.children.isEmpty()) {
                rootPart = node.children.get(0);
            }
            for (MimeNode c : node.children) {
                if (c == rootPart) {
                    collect(c, body, altHtmlOnly, warnings);
                } else if (c.isMultipart()) {
                    collect(c, body, altHtmlOnly, warnings);
                } else {
                    addAttachment(c, body, !c.isAttachmentDisposition());
                }
            }
            return;
        }
        if (node.isMultipart()) {
            for (MimeNode c : node.children) {
                collect(c, body, altHtmlOnly, warnings);
            }
            return;
        }
        if (node.embedded != null || type.startsWith("message/")) {
            addAttachment(node, body, false);
            return;
        }
        boolean isText = type.equals("text/plain") || type.equals("text/html") || type.equals("text/enriched")
                || type.equals("text/richtext");
        boolean namedAttachment = node.isAttachmentDisposition()
                || (node.fileName() != null && !"inline".equalsIgnoreCase(node.disposition.value()));
        if (isText && !namedAttachment) {
            boolean html = type.equals("text/html");
            String text = decodeText(node, html, warnings);
            if (html) {
                body.sawHtml = true;
                if (body.htmlBody == null) {
                    body.htmlBody = text;
                }
                if (altHtmlOnly) {
                    return;
                }
            } else if (type.equals("text/enriched") || type.equals("text/richtext")) {
                text = text.replaceAll("<<", "\u0000").replaceAll("<[^>]*>", "").replace('\u0000', '<');
            } else if ("flowed".equalsIgnoreCase(node.contentType.param("format"))) {
                text = unflow(text, "yes".equalsIgnoreCase(node.contentType.param("delsp")));
            }
            body.segments.add(new Segment(text, html));
            return;
        }
        addAttachment(node, body, "inline".equalsIgnoreCase(node.disposition.value()));
    }

    private static boolean isBlankText(MimeNode n, List<String> warnings) {
        if (n.isMultipart()) {
            return false;
        }
        return decodeText(n, false, null).isBlank();
    }

    private static boolean contains(MimeNode n, String type) {
        if (n.mimeType.equals(type) && !n.isAttachmentDisposition()) {
            return true;
        }
        for (MimeNode c : n.children) {
            if (contains(c, type)) {
                return true;
            }
        }
        return false;
    }

    private static void addAttachment(MimeNode node, Body body, boolean inline) {
        String name = node.fileName();
        if (name == null && node.embedded != null && !node.embedded.headers.isEmpty()) {
            String subj = node.embedded.headers.text("Subject", null, null);
            if (subj != null && !subj.isBlank()) {
                name = subj.trim() + ".eml";
            }
        }
        body.attachments.add(new Attachment(name, node.mimeType, node.body.length, node.contentId(), inline));
    }

    private static String decodeText(MimeNode node, boolean html, List<String> warnings) {
        String charset = node.charset();
        if ((charset == null || charset.isBlank()) && html) {
            String head = new String(node.body, 0, Math.min(node.body.length, 4096), StandardCharsets.ISO_8859_1);
            Matcher m = META_CHARSET.matcher(head);
            if (m.find()) {
                charset = m.group(1);
            }
        }
        return MimeCharsets.decode(node.body, charset, "body (" + node.mimeType + ")", warnings);
    }

    /** RFC 3676 format=flowed: lines ending in a space are joined with the next line (same quote depth). */
    static String unflow(String text, boolean delsp) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        StringBuilder out = new StringBuilder();
        StringBuilder para = null;
        for (String line : lines) {
            String l = line;
            if (l.startsWith(" ") && !l.startsWith(">")) {
                l = l.substring(1); // space-stuffing
            }
            boolean soft = l.endsWith(" ") && !l.equals("-- ");
            if (para == null) {
                para = new StringBuilder();
            }
            para.append(soft && delsp ? l.substring(0, l.length() - 1) : l);
            if (!soft) {
                out.append(para).append('\n');
                para = null;
            }
        }
        if (para != null) {
            out.append(para);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- loop-guard helpers

    private static String firstReportType(MimeNode node) {
        for (MimeNode c : node.children) {
            if (c.mimeType.equals("multipart/report")) {
                return MimeNode.lowerOrNull(c.contentType.param("report-type"));
            }
            if (c.isMultipart()) {
                String r = firstReportType(c);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static Set<String> partTypes(MimeNode root) {
        Set<String> out = new LinkedHashSet<>();
        collectTypes(root, out);
        return out;
    }

    private static void collectTypes(MimeNode n, Set<String> out) {
        out.add(n.mimeType);
        for (MimeNode c : n.children) {
            collectTypes(c, out); // embedded messages are deliberately not entered
        }
    }

    private static String bouncedMessageId(MimeNode root, String fullText, String ownId) {
        MimeNode embedded = firstEmbedded(root);
        if (embedded != null) {
            String id = Threading.normalizeId(embedded.headers.raw("Message-ID"));
            if (id != null) {
                return id;
            }
            // some MTAs attach the original as text/plain after a header-like preamble
            Matcher m = EMBEDDED_MESSAGE_ID.matcher(new String(embedded.body, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return Threading.normalizeId(m.group(1));
            }
        }
        List<String> texts = new ArrayList<>();
        texts.add(fullText);
        collectLeafText(root, texts);
        for (String t : texts) {
            Matcher m = EMBEDDED_MESSAGE_ID.matcher(t);
            while (m.find()) {
                String id = Threading.normalizeId(m.group(1));
                if (id != null && !id.equals(ownId)) {
                    return id;
                }
            }
        }
        return null;
    }

    private static void collectLeafText(MimeNode n, List<String> out) {
        if (n.children.isEmpty() && n.embedded == null && n.body.length > 0
                && (n.mimeType.startsWith("text/") || n.mimeType.startsWith("message/"))) {
            out.add(new String(n.body, StandardCharsets.ISO_8859_1));
        }
        for (MimeNode c : n.children) {
            collectLeafText(c, out);
        }
    }

    private static MimeNode firstEmbedded(MimeNode n) {
        if (n.embedded != null) {
            return n.embedded;
        }
        for (MimeNode c : n.children) {
            MimeNode e = firstEmbedded(c);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- headers

    private static Instant parseDate(String raw, List<String> warnings) {
        if (raw == null || raw.isBlank()) {
            warnings.add("no Date header");
            return null;
        }
        String s = raw.replaceAll("\\s+", " ").trim();
        try {
            return ZonedDateTime.parse(s.replaceAll(" \\([^)]*\\)$", ""), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (RuntimeException e) {
            // fall through to the lenient parser
        }
        try {
            Date d = new MailDateFormat().parse(s, new ParsePosition(0));
            if (d != null) {
                return d.toInstant();
            }
        } catch (RuntimeException e) {
            // fall through
        }
        warnings.add("unparseable Date header '" + s + "'");
        return null;
    }

    /**
     * Repairs subjects that were decoded twice (e.g. Big5 bytes read as Latin-1 and re-encoded as UTF-8): if every
     * non-ASCII character is in U+0080–U+00FF and the message's CJK charset decodes those bytes cleanly, use that.
     */
    private static String repairDoubleEncoded(String s, String hint, List<String> warnings) {
        Optional<Charset> cs = MimeCharsets.resolve(hint);
        if (s.isEmpty() || cs.isEmpty() || !CJK_CHARSET_NAMES.contains(cs.get().name())) {
            return s;
        }
        boolean nonAscii = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                return s;
            }
            if (c >= 0x80) {
                nonAscii = true;
            }
        }
        if (!nonAscii) {
            return s;
        }
        String repaired = MimeCharsets.strict(s.getBytes(StandardCharsets.ISO_8859_1), cs.get());
        if (repaired != null && repaired.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp)
                == Character.UnicodeScript.HAN)) {
            warnings.add("Subject: repaired double-encoded " + hint + " text");
            return repaired;
        }
        return s;
    }
}
