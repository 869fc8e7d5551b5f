package io.switchboard.channel.email;

import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/** Lenient Content-Transfer-Encoding decoders. Never throw; garbage is skipped or passed through. */
final class TransferDecoding {

    private TransferDecoding() {
    }

    static byte[] decode(byte[] body, String encoding, List<String> warnings) {
        String e = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
        if (e.startsWith("\"") && e.endsWith("\"") && e.length() >= 2) {
            e = e.substring(1, e.length() - 1).trim();
        }
        switch (e) {
            case "", "7bit", "8bit", "binary", "7-bit", "8-bit", "8bits", "7bits", "none":
                return body;
            case "base64", "base-64":
                return base64(body);
            case "quoted-printable", "quoted_printable", "qp":
                return quotedPrintable(body);
            case "x-uuencode", "uuencode", "x-uue", "uue":
                try (InputStream in = MimeUtility.decode(new ByteArrayInputStream(body), "uuencode")) {
                    return in.readAllBytes();
                } catch (Exception ex) {
                    warnings.add("uuencoded part could not be decoded; kept raw");
                    return body;
                }
            default:
                warnings.add("unknown Content-Transfer-Encoding '" + encoding.trim() + "'; body kept as is");
                return body;
        }
    }

    /** Base64 ignoring any non-alphabet byte and tolerating missing padding or a truncated final group. */
    static byte[] base64(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3 / 4 + 3);
        int acc = 0;
        int n = 0;
        for (byte b : in) {
            int v = value(b);
            if (b == '=') {
                break; // padding: the remaining bits are discarded below
            }
            if (v < 0) {
                continue;
            }
            acc = (acc << 6) | v;
            n++;
            if (n == 4) {
                out.write((acc >> 16) & 0xff);
                out.write((acc >> 8) & 0xff);
                out.write(acc & 0xff);
                acc = 0;
                n = 0;
            }
        }
        if (n == 2) {
            out.write((acc >> 4) & 0xff);
        } else if (n == 3) {
            out.write((acc >> 10) & 0xff);
            out.write((acc >> 2) & 0xff);
        }
        return out.toByteArray();
    }

    private static int value(byte b) {
        if (b >= 'A' && b <= 'Z') {
            return b - 'A';
        }
        if (b >= 'a' && b <= 'z') {
            return b - 'a' + 26;
        }
        if (b >= '0' && b <= '9') {
            return b - '0' + 52;
        }
        if (b == '+' || b == '-') {
            return 62;
        }
        if (b == '/' || b == '_') {
            return 63;
        }
        return -1;
    }

    /** Quoted-printable; soft line breaks removed, invalid escapes kept literally, trailing whitespace kept. */
    static byte[] quotedPrintable(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b != '=') {
                out.write(b);
                continue;
            }
            // soft line break: "=" followed by optional whitespace then CRLF/LF
            int j = i + 1;
            while (j < in.length && (in[j] == ' ' || in[j] == '\t')) {
                j++;
            }
            if (j < in.length && (in[j] == '\r' || in[j] == '\n')) {
                if (in[j] == '\r' && j + 1 < in.length && in[j + 1] == '\n') {
                    j++;
                }
                i = j;
                continue;
            }
            if (j >= in.length) {
                i = j;
                continue;
            }
            if (i + 2 < in.length && EncodedWords.isHex((char) in[i + 1]) && EncodedWords.isHex((char) in[i + 2])) {
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
