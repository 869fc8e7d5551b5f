package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Agents' replies as the operator API takes them: {@code POST /conversations/{id}/replies} with an API key, a unique
 * {@code replyId} per request ({@code <runId>-<seq>}), round robin over conversations the gateway already holds. The
 * body names the conversation too, so it is also the command an agent tool puts on {@code switchboard.outbound}.
 */
final class ReplyRequests implements Requests {

    private static final String TEXT = "您好，您的订单 SO-48213 已于今天发货，预计两天内送达。 It shipped today; tracking follows by email.";

    private final String hostHeader;
    private final String runId;
    private final String apiKey;
    private final List<String> conversations;

    ReplyRequests(String host, int port, String runId, String apiKey, List<String> conversations) {
        if (conversations.isEmpty()) {
            throw new IllegalArgumentException("no conversations to reply to");
        }
        this.hostHeader = host + ":" + port;
        this.runId = runId;
        this.apiKey = apiKey;
        this.conversations = List.copyOf(conversations);
    }

    String conversation(long seq) {
        return conversations.get((int) (seq % conversations.size()));
    }

    @Override
    public byte[] body(long seq) {
        return ("{\"replyId\":\"" + runId + "-" + seq + "\",\"conversationId\":\"" + conversation(seq)
                + "\",\"agentId\":\"bench-agent\",\"text\":\"" + TEXT + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] request(long seq) {
        byte[] body = body(seq);
        byte[] head = ("POST /conversations/" + conversation(seq) + "/replies HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nContent-Type: application/json\r\nAuthorization: Bearer " + apiKey
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return Http.concat(head, body);
    }
}
