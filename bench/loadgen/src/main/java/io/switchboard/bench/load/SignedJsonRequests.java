package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JSON webhooks signed the gateway's way (chat and phone events): {@code X-Switchboard-Signature:
 * t=<unix>,v1=hex(HMAC-SHA256(secret, t + "." + body))} computed at send time, so the timestamp is
 * always within the gateway's tolerance.
 */
abstract class SignedJsonRequests implements Requests {

    private final String hostHeader;
    private final String path;
    private final String runId;
    private final Mac mac;

    SignedJsonRequests(String host, int port, String path, String runId, String secret) {
        this.hostHeader = host + ":" + port;
        this.path = path;
        this.runId = runId;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    final String messageId(long seq) {
        return runId + "-" + seq;
    }

    @Override
    public final byte[] request(long seq) {
        byte[] body = body(seq);
        long t = System.currentTimeMillis() / 1000;
        mac.update(Long.toString(t).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        String signature = "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: application/json\r\n"
                + "X-Switchboard-Signature: " + signature + "\r\nX-Message-Id: " + messageId(seq)
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return Http.concat(head, body);
    }
}
