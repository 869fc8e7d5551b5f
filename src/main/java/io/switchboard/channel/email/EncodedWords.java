package io.switchboard.channel.email;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded-word decoding ({@code =?charset?B|Q?text?=}), lenient about real-world mistakes: encoded-words
 * glued to other text, missing base64 padding, spaces inside Q text, words split in the middle of a multi-byte
 * character (adjacent words with the same charset are joined at byte level before decoding). Charsets are resolved
 * through {@link MimeCharsets}, so GB2312-labelled words decode as GB18030.
 */
public final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?]*?)\\?=");

    private EncodedWords() {
    }

    /** Decodes all encoded-words in an (unfolded) header value. Never throws. */
    public static String decode(String text) {
        return decode(text, null);
    }

    /** Decodes all encoded-words in an (unfolded) header value, adding charset fallbacks to {@code warnings}. */
    public static String decode(String text, List<String> warnings) {
        if (text == null) {
            return null;
        }
        if (!text.contains("=?")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = WORD.matcher(text);
        int last = 0;
        String pendingCharset = null;
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (m.find()) {
            String between = text.substring(last, m.start());
            boolean adjacent = pendingCharset != null && between.isBlank();
            String charset = m.group(1);
            byte[] bytes = decodeWord(m.group(2), m.group(3));
            if (adjacent && sameCharset(pendingCharset, charset)) {
                pending.writeBytes(bytes);
            } else {
                if (pendingCharset != null) {
                    out.append(MimeCharsets.decode(pending.toByteArray(), pendingCharset, "encoded-word", warnings));
                    pending.reset();
                }
                if (!adjacent) {
                    out.append(between); // whitespace between two encoded-words is dropped (RFC 2047 §6.2)
                }
                pendingCharset = charset;
                pending.writeBytes(bytes);
            }
            last = m.end();
        }
        if (pendingCharset != null) {
            out.append(MimeCharsets.decode(pending.toByteArray(), pendingCharset, "encoded-word", warnings));
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    private static boolean sameCharset(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    static byte[] decodeWord(String encoding, String payload) {
        if (encoding.equalsIgnoreCase("B")) {
            return TransferDecoding.base64(payload.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length());
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < payload.length() && isHex(payload.charAt(i + 1)) && isHex(payload.charAt(i + 2))) {
                out.write(Integer.parseInt(payload.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c < 0x100) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeBytes(b);
            }
        }
        return out.toByteArray();
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
