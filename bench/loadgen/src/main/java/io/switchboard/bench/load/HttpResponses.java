package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;

/** Finds where an HTTP/1.1 response ends in a byte buffer (Content-Length or chunked) and its status. */
final class HttpResponses {

    static final int INCOMPLETE = -1;

    private HttpResponses() {}

    /** @return the length of the first complete response in {@code buf[0..len)}, or {@link #INCOMPLETE} */
    static int completeLength(byte[] buf, int len) {
        int headerEnd = indexOf(buf, 0, len, "\r\n\r\n");
        if (headerEnd < 0) {
            return INCOMPLETE;
        }
        int bodyStart = headerEnd + 4;
        String head = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase();
        int cl = head.indexOf("\r\ncontent-length:");
        if (cl >= 0) {
            int from = cl + "\r\ncontent-length:".length();
            int to = head.indexOf("\r\n", from);
            long length = Long.parseLong(head.substring(from, to < 0 ? head.length() : to).trim());
            return bodyStart + length <= len ? (int) (bodyStart + length) : INCOMPLETE;
        }
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            int pos = bodyStart;
            while (true) {
                int lineEnd = indexOf(buf, pos, len, "\r\n");
                if (lineEnd < 0) {
                    return INCOMPLETE;
                }
                String sizeText = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
                int semi = sizeText.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
                pos = lineEnd + 2;
                if (size == 0) {
                    int trailerEnd = indexOf(buf, pos - 2, len, "\r\n\r\n");
                    return trailerEnd < 0 ? INCOMPLETE : trailerEnd + 4;
                }
                pos += size + 2;
                if (pos > len) {
                    return INCOMPLETE;
                }
            }
        }
        return bodyStart;
    }

    static int status(byte[] buf) {
        return (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
    }

    static boolean closes(byte[] buf, int len) {
        int headerEnd = indexOf(buf, 0, len, "\r\n\r\n");
        return new String(buf, 0, Math.max(headerEnd, 0), StandardCharsets.ISO_8859_1).toLowerCase()
                .contains("\r\nconnection: close");
    }

    private static int indexOf(byte[] buf, int from, int len, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = Math.max(from, 0); i <= len - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (buf[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
