package io.switchboard.channel.email;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whether the receiving mail server proved a mail's {@code From} domain (RFC 8601 {@code Authentication-Results}).
 * Only fields whose authserv-id is one the operator trusts count: RFC 8601 §5 has a border MTA delete fields that
 * claim its own authserv-id, so any other field may be the sender's forgery. A trusted field proves the sender
 * when it reports {@code dmarc=pass} for the From domain, or a {@code dkim=pass} / {@code spf=pass} whose domain is
 * aligned with it (equal, or one a sub-domain of the other — relaxed alignment without the public-suffix list).
 * A trusted {@code dmarc=fail} overrides any pass.
 */
public final class SenderAuthentication {

    private SenderAuthentication() {}

    public static boolean proves(String fromDomain, List<String> authenticationResults, Set<String> trustedAuthservIds) {
        if (fromDomain == null || fromDomain.isBlank() || trustedAuthservIds.isEmpty()) {
            return false;
        }
        String from = fromDomain.strip().toLowerCase(Locale.ROOT);
        boolean passed = false;
        for (String field : authenticationResults) {
            List<String> parts = split(withoutComments(field));
            if (parts.isEmpty() || !trustedAuthservIds.contains(authservId(parts.get(0)))) {
                continue;
            }
            for (String part : parts.subList(1, parts.size())) {
                Result result = Result.parse(part);
                if (result == null) {
                    continue;
                }
                if (result.method.equals("dmarc") && !result.result.equals("pass")
                        && from.equals(result.domain("header.from"))) {
                    return false;
                }
                passed |= result.result.equals("pass") && switch (result.method) {
                    case "dmarc" -> from.equals(result.domain("header.from"));
                    case "dkim" -> aligned(from, result.domain("header.d") != null ? result.domain("header.d")
                            : result.domain("header.i"));
                    // smtp.mail: the name receivers used before RFC 7001
                    case "spf" -> aligned(from, result.domain("smtp.mailfrom") != null ? result.domain("smtp.mailfrom")
                            : result.domain("smtp.mail"));
                    default -> false;
                };
            }
        }
        return passed;
    }

    private static boolean aligned(String from, String domain) {
        if (domain == null || domain.indexOf('.') < 0) {
            return false;
        }
        return from.equals(domain) || from.endsWith("." + domain) || domain.endsWith("." + from) && from.indexOf('.') > 0;
    }

    /** {@code authserv-id [version]}: the id, lower-cased. */
    private static String authservId(String head) {
        String id = head.strip();
        int space = id.indexOf(' ');
        return (space < 0 ? id : id.substring(0, space)).toLowerCase(Locale.ROOT);
    }

    /** One {@code method[/version]=result [reason=…] ptype.property=value …}. */
    private record Result(String method, String result, Map<String, String> properties) {

        static Result parse(String resinfo) {
            String[] tokens = resinfo.strip().split("\\s+");
            int eq = tokens[0].indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String method = tokens[0].substring(0, eq).toLowerCase(Locale.ROOT);
            int slash = method.indexOf('/');
            Map<String, String> properties = new HashMap<>();
            for (int i = 1; i < tokens.length; i++) {
                int at = tokens[i].indexOf('=');
                if (at > 0) {
                    properties.put(tokens[i].substring(0, at).toLowerCase(Locale.ROOT), unquoted(tokens[i].substring(at + 1)));
                }
            }
            return new Result(slash < 0 ? method : method.substring(0, slash),
                    tokens[0].substring(eq + 1).toLowerCase(Locale.ROOT), properties);
        }

        /** The domain a property names: the part after {@code @} for an address. */
        String domain(String property) {
            String value = properties.get(property);
            if (value == null || value.isEmpty()) {
                return null;
            }
            int at = value.lastIndexOf('@');
            return value.substring(at + 1).toLowerCase(Locale.ROOT);
        }

        private static String unquoted(String value) {
            return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1) : value;
        }
    }

    /** Splits on {@code ;} outside quoted strings. */
    private static List<String> split(String field) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (ch == ';' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(ch);
            }
        }
        parts.add(current.toString());
        parts.removeIf(String::isBlank);
        return parts;
    }

    /** RFC 5322 comments, which may nest: {@code spf=pass (mx.example: 1.2.3.4 is (allowed))}. */
    private static String withoutComments(String field) {
        StringBuilder out = new StringBuilder(field.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            if (ch == '\\' && i + 1 < field.length()) {
                if (depth == 0) {
                    out.append(ch).append(field.charAt(i + 1));
                }
                i++;
            } else if (ch == '"' && depth == 0) {
                quoted = !quoted;
                out.append(ch);
            } else if (ch == '(' && !quoted) {
                depth++;
            } else if (ch == ')' && !quoted && depth > 0) {
                depth--;
                out.append(' ');
            } else if (depth == 0) {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
