package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed chat webhooks as a chat backend sends them: a ~500-byte body in the gateway's chat format,
 * a unique messageId per request, and {@code X-Switchboard-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret,
 * t + "." + body))} computed at send time, so the timestamp is always within the gateway's tolerance.
 * Not thread-safe: one instance per sending thread.
 */
final class ChatRequests {

    private static final String TEXT = "您好，我上周下的订单 SO-48213 还没有发货，物流信息一直没有更新。"
            + " Could you check the status and tell me when it ships? Thanks.";

    private final String hostHeader;
    private final String path;
    private final String runId;
    private final Mac mac;
    private final String sentAt = Instant.now().toString();

    ChatRequests(String host, int port, String path, String runId, String secret) {
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

    String messageId(long seq) {
        return runId + "-" + seq;
    }

    byte[] body(long seq) {
        String id = messageId(seq);
        long visitor = seq % 1000;
        return ("{\"messageId\":\"" + id + "\",\"sessionId\":\"sess-" + id + "\",\"visitor\":{\"id\":\"visitor-" + visitor
                + "\",\"name\":\"Wang Fang\",\"email\":\"wang.fang" + visitor + "@example.com\",\"phone\":\"+86 139 1234 "
                + String.format("%04d", visitor) + "\"},\"text\":\"" + TEXT + "\",\"sentAt\":\"" + sentAt
                + "\",\"locale\":\"zh-CN\",\"widget\":\"site-main\",\"attachments\":[{\"name\":\"receipt.png\","
                + "\"contentType\":\"image/png\",\"size\":48213,\"url\":\"https://cdn.example.com/r/48213.png\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The complete HTTP/1.1 request, signed now. */
    byte[] request(long seq) {
        byte[] body = body(seq);
        long t = System.currentTimeMillis() / 1000;
        mac.update(Long.toString(t).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        String signature = "t=" + t + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: application/json\r\n"
                + "X-Switchboard-Signature: " + signature + "\r\nX-Message-Id: " + messageId(seq)
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }
}
