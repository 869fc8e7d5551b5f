package io.switchboard.channel.email;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A parameterised header value such as Content-Type or Content-Disposition: a main value plus parameters, with
 * RFC 2231 continuations ({@code name*0=}, {@code name*1*=}) and charset/language-tagged values
 * ({@code name*=utf-8'en'%E2%82%AC}) decoded. Legacy RFC 2047 encoded-words inside quoted parameter values (as sent
 * by Outlook and many webmails) are decoded too. Parameter names are lower-cased.
 */
public record HeaderValue(String value, Map<String, String> params) {

    public HeaderValue {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /** Parses e.g. {@code text/plain; charset="gb2312"; format=flowed}. Never throws. */
    public static HeaderValue parse(String header, List<String> warnings) {
        if (header == null) {
            return new HeaderValue("", Map.of());
        }
        List<String> parts = splitParams(header);
        String main = parts.isEmpty() ? "" : stripComments(parts.get(0)).trim();
        Map<String, String> simple = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String[]>> continued = new LinkedHashMap<>(); // name -> n -> {value, extended?}
        Map<String, String> extended = new LinkedHashMap<>();
        for (int i = 1; i < parts.size(); i++) {
            String p = parts.get(i).trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String val = unquote(p.substring(eq + 1).trim());
            int star = name.indexOf('*');
            if (star < 0) {
                simple.putIfAbsent(name, val);
                continue;
            }
            String base = name.substring(0, star);
            String rest = name.substring(star + 1);
            if (rest.isEmpty()) { // name*=charset'lang'value
                extended.put(base, val);
                continue;
            }
            boolean ext = rest.endsWith("*");
            String num = ext ? rest.substring(0, rest.length() - 1) : rest;
            try {
                int n = Integer.parseInt(num);
                continued.computeIfAbsent(base, k -> new TreeMap<>()).put(n, new String[] {val, ext ? "1" : "0"});
            } catch (NumberFormatException e) {
                simple.putIfAbsent(name, val);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : simple.entrySet()) {
            out.put(e.getKey(), EncodedWords.decode(e.getValue(), warnings));
        }
        for (Map.Entry<String, TreeMap<Integer, String[]>> e : continued.entrySet()) {
            String charset = null;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean first = true;
            for (String[] seg : e.getValue().values()) {
                String v = seg[0];
                if ("1".equals(seg[1])) {
                    if (first) {
                        int q1 = v.indexOf('\'');
                        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                        if (q2 > 0) {
                            charset = v.substring(0, q1);
                            v = v.substring(q2 + 1);
                        }
                    }
                    bytes.writeBytes(percentDecode(v));
                } else {
                    bytes.writeBytes(v.getBytes(StandardCharsets.UTF_8));
                }
                first = false;
            }
            out.put(e.getKey(), decodeBytes(bytes.toByteArray(), charset, warnings));
        }
        for (Map.Entry<String, String> e : extended.entrySet()) {
            String v = e.getValue();
            int q1 = v.indexOf('\'');
            int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
            String charset = null;
            if (q2 > 0) {
                charset = v.substring(0, q1);
                v = v.substring(q2 + 1);
            }
            out.put(e.getKey(), decodeBytes(percentDecode(v), charset, warnings));
        }
        return new HeaderValue(main, out);
    }

    private static String decodeBytes(byte[] bytes, String charset, List<String> warnings) {
        if (charset == null || charset.isBlank()) {
            charset = "UTF-8";
        }
        return MimeCharsets.decode(bytes, charset, "RFC 2231 parameter", warnings);
    }

    /** Percent-decoding; the input string may already contain non-ASCII characters (then taken as UTF-8). */
    private static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && hexAt(s, i + 1) && hexAt(s, i + 2)) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private static boolean hexAt(String s, int i) {
        return i < s.length() && EncodedWords.isHex(s.charAt(i));
    }

    /** Splits at ';' outside quoted strings. */
    static List<String> splitParams(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            } else if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    static String unquote(String v) {
        v = v.trim();
        if (v.startsWith("\"")) {
            int end = v.lastIndexOf('"');
            String inner = end > 0 ? v.substring(1, end) : v.substring(1);
            StringBuilder sb = new StringBuilder(inner.length());
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    sb.append(inner.charAt(++i));
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
        int sp = v.indexOf(' ');
        // unquoted token followed by a comment or garbage: keep the first token only when a comment follows
        if (sp > 0 && v.substring(sp).trim().startsWith("(")) {
            return v.substring(0, sp);
        }
        return v;
    }

    private static String stripComments(String s) {
        int p = s.indexOf('(');
        return p >= 0 ? s.substring(0, p) : s;
    }
}
