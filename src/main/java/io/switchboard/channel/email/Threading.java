package io.switchboard.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Message-ID handling and thread keys (RFC 5322 §3.6.4). */
public final class Threading {

    private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]+)>");
    /**
     * One reply/forward prefix: Re, RE, Fwd, FW, Fw, Aw, Wg, Sv, Antw, Tr, 回复, 回覆, 答复, 转发, 轉寄, with optional
     * counter ("Re[2]:", "Re(2):", "Re^2:") and ASCII or full-width colon; or a leading "[tag]" / "【tag】".
     */
    private static final Pattern PREFIX = Pattern.compile(
            "(?iu)^\\s*(?:(?:re|fwd?|fw|aw|wg|sv|vs|antw|tr|rif|r|enc|回复|回覆|答复|答覆|转发|轉寄|轉發)\\s*"
                    + "(?:\\[\\d+]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]|\\[[^\\]]*]|【[^】]*】)\\s*");

    private Threading() {
    }

    /** Strips angle brackets and whitespace and lower-cases; null for blank input. */
    public static String normalizeId(String id) {
        if (id == null) {
            return null;
        }
        String s = id.trim();
        Matcher m = ANGLE_ID.matcher(s);
        if (m.find()) {
            s = m.group(1);
        } else {
            s = s.replace("<", "").replace(">", "").trim();
            int sp = s.indexOf(' ');
            if (sp > 0) {
                s = s.substring(0, sp);
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        return s.isEmpty() ? null : s;
    }

    /** All message ids in a References/In-Reply-To value, normalised, in order (duplicates removed). */
    public static List<String> parseIds(String header) {
        List<String> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        Matcher m = ANGLE_ID.matcher(header);
        boolean any = false;
        while (m.find()) {
            any = true;
            String id = normalizeId(m.group(1));
            if (id != null && !out.contains(id)) {
                out.add(id);
            }
        }
        if (!any) { // ids without angle brackets, separated by whitespace/commas
            for (String t : header.split("[\\s,]+")) {
                String id = normalizeId(t);
                if (id != null && id.contains("@") && !out.contains(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    /** Root Message-ID: first References entry, else first In-Reply-To entry, else own Message-ID; may be null. */
    public static String threadKey(List<String> references, List<String> inReplyTo, String messageId) {
        if (references != null && !references.isEmpty()) {
            return references.get(0);
        }
        if (inReplyTo != null && !inReplyTo.isEmpty()) {
            return inReplyTo.get(0);
        }
        return messageId;
    }

    /**
     * Subject with any number of reply/forward prefixes and [tags] removed, whitespace collapsed and lower-cased.
     * "Re: [Support] FW: 回复：Hello  world" → "hello world".
     */
    public static String subjectKey(String subject) {
        if (subject == null) {
            return "";
        }
        String s = subject.replace('\u3000', ' ').replaceAll("\\s+", " ").trim();
        while (true) {
            Matcher m = PREFIX.matcher(s);
            if (!m.find() || m.end() == 0) {
                break;
            }
            String rest = s.substring(m.end());
            if (rest.isBlank()) { // keep a bare "[tag]" subject
                break;
            }
            s = rest;
        }
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
