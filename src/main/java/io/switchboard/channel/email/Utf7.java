package io.switchboard.channel.email;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Minimal RFC 2152 UTF-7 decoder (the JDK has no UTF-7 charset). Malformed shifts are kept literally. */
final class Utf7 {

    private Utf7() {
    }

    static String decode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '+') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < s.length() && isB64(s.charAt(j))) {
                j++;
            }
            if (j == i + 1) { // "+-" is a literal plus
                out.append('+');
                i = (j < s.length() && s.charAt(j) == '-') ? j + 1 : j;
                continue;
            }
            String b64 = s.substring(i + 1, j);
            int bits = b64.length() * 6;
            int usable = (bits / 16) * 2; // bytes of UTF-16BE
            try {
                String padded = b64 + "===".substring(0, (4 - b64.length() % 4) % 4);
                byte[] raw = Base64.getDecoder().decode(padded);
                int n = Math.min(usable, raw.length - raw.length % 2);
                out.append(new String(raw, 0, n, StandardCharsets.UTF_16BE));
            } catch (IllegalArgumentException e) {
                out.append(s, i, j);
            }
            i = (j < s.length() && s.charAt(j) == '-') ? j + 1 : j;
        }
        return out.toString();
    }

    private static boolean isB64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }
}
