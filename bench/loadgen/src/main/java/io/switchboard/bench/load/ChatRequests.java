package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Signed chat webhooks as a chat backend sends them: a ~500-byte body in the gateway's chat format, a
 * unique messageId per request, 1,000 distinct visitors.
 */
final class ChatRequests extends SignedJsonRequests {

    private static final String TEXT = "您好，我上周下的订单 SO-48213 还没有发货，物流信息一直没有更新。"
            + " Could you check the status and tell me when it ships? Thanks.";

    private final String sentAt = Instant.now().toString();

    ChatRequests(String host, int port, String path, String runId, String secret) {
        super(host, port, path, runId, secret);
    }

    @Override
    public byte[] body(long seq) {
        String id = messageId(seq);
        long visitor = seq % 1000;
        return ("{\"messageId\":\"" + id + "\",\"sessionId\":\"sess-" + id + "\",\"visitor\":{\"id\":\"visitor-" + visitor
                + "\",\"name\":\"Wang Fang\",\"email\":\"wang.fang" + visitor + "@example.com\",\"phone\":\"+86 139 1234 "
                + String.format("%04d", visitor) + "\"},\"text\":\"" + TEXT + "\",\"sentAt\":\"" + sentAt
                + "\",\"locale\":\"zh-CN\",\"widget\":\"site-main\",\"attachments\":[{\"name\":\"receipt.png\","
                + "\"contentType\":\"image/png\",\"size\":48213,\"url\":\"https://cdn.example.com/r/48213.png\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
