package io.switchboard.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A mailbox: normalised address (trimmed, lower-cased, no angle brackets; may be empty for a group such as
 * "undisclosed-recipients:;") and optional decoded display name.
 */
public record EmailAddress(String address, String displayName) {

    public EmailAddress {
        address = address == null ? "" : address;
        displayName = displayName == null || displayName.isBlank() ? null : displayName;
    }

    /** "local@domain" part before '@' (or the whole address if there is none). */
    public String localPart() {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }

    public String domain() {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    /**
     * Parses an address-list header value (raw bytes already decoded to text, encoded-words still intact).
     * Lenient: handles groups, comments, unquoted commas inside encoded display names, bare addresses, and
     * "Name addr@x" without angle brackets. Never throws; unparseable fragments are skipped.
     */
    public static List<EmailAddress> parseList(String header, List<String> warnings) {
        List<EmailAddress> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String item : splitTopLevel(header)) {
            EmailAddress a = parseOne(item, warnings);
            if (a != null) {
                out.add(a);
            }
        }
        return out;
    }

    /** Splits at commas (and group ':' / ';') that are outside quotes, comments, angle brackets and encoded-words. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int comment = 0;
        boolean angle = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < s.length()) {
                    cur.append(c).append(s.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                }
                cur.append(c);
                continue;
            }
            if (c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '?') { // copy an encoded-word verbatim
                int endWord = s.indexOf("?=", i + 2);
                int q1 = s.indexOf('?', i + 2);
                int q2 = q1 < 0 ? -1 : s.indexOf('?', q1 + 1);
                if (endWord > 0 && q2 > 0 && q2 < endWord) {
                    endWord = s.indexOf("?=", q2 + 1);
                }
                if (endWord > 0) {
                    cur.append(s, i, endWord + 2);
                    i = endWord + 1;
                    continue;
                }
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment++;
                case ')' -> comment = Math.max(0, comment - 1);
                case '<' -> angle = true;
                case '>' -> angle = false;
                default -> {
                }
            }
            if (comment == 0 && !angle) {
                if (c == ',' || c == ';') {
                    out.add(cur.toString());
                    cur.setLength(0);
                    continue;
                }
                if (c == ':' && !cur.toString().contains("@") && !cur.toString().contains("<")) {
                    cur.setLength(0); // group display name: drop it
                    continue;
                }
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    private static EmailAddress parseOne(String item, List<String> warnings) {
        String s = item.trim();
        if (s.isEmpty()) {
            return null;
        }
        String addr;
        String name;
        int lt = s.lastIndexOf('<');
        int gt = s.lastIndexOf('>');
        if (lt >= 0 && gt > lt) {
            addr = s.substring(lt + 1, gt);
            name = (s.substring(0, lt) + " " + s.substring(gt + 1)).trim();
        } else {
            // "addr (Comment Name)" or "Name addr@x" or bare addr
            String comment = null;
            int p = s.indexOf('(');
            if (p >= 0) {
                int q = s.lastIndexOf(')');
                comment = s.substring(p + 1, q > p ? q : s.length());
                s = (s.substring(0, p) + (q > p ? s.substring(q + 1) : "")).trim();
            }
            String[] tokens = s.split("\\s+");
            String at = null;
            StringBuilder rest = new StringBuilder();
            for (String t : tokens) {
                if (at == null && t.contains("@") && !t.startsWith("\"")) {
                    at = t;
                } else {
                    rest.append(rest.length() > 0 ? " " : "").append(t);
                }
            }
            if (at == null) {
                if (tokens.length == 1 && !tokens[0].isEmpty()) {
                    at = tokens[0]; // local-only address such as MAILER-DAEMON
                } else {
                    return null;
                }
            }
            addr = at;
            name = rest.length() > 0 ? rest.toString() : comment;
        }
        addr = stripComments(addr).replaceAll("\\s+", "").replace("\"", "");
        if (addr.startsWith("mailto:")) {
            addr = addr.substring(7);
        }
        name = cleanName(name, warnings);
        return new EmailAddress(addr.toLowerCase(Locale.ROOT), name);
    }

    private static String stripComments(String s) {
        return s.replaceAll("\\([^)]*\\)", "");
    }

    private static String cleanName(String name, List<String> warnings) {
        if (name == null) {
            return null;
        }
        String n = name.trim();
        if (n.startsWith("(") && n.endsWith(")")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
            n = HeaderValue.unquote(n);
        } else {
            n = n.replace("\"", "");
        }
        n = EncodedWords.decode(n, warnings).replaceAll("\\s+", " ").trim();
        if (n.length() >= 2 && (n.startsWith("'") && n.endsWith("'"))) {
            n = n.substring(1, n.length() - 1).trim();
        }
        return n.isEmpty() ? null : n;
    }

    @Override
    public String toString() {
        return displayName == null ? address : displayName + " <" + address + ">";
    }
}
