package io.switchboard.bench.load;

/**
 * What one load client sends: a unique message per sequence number, as the channel's own sender would
 * post it, signed at send time. Not thread-safe: one instance per sending thread.
 */
interface Requests {

    /** The body of message {@code seq}. */
    byte[] body(long seq);

    /** The complete HTTP/1.1 request for message {@code seq}, signed now. */
    byte[] request(long seq);

    /** {@code chat} (the default), {@code phone} (JSON call events) or {@code wechat} (plain-mode XML). */
    static Requests of(String channel, String host, int port, String path, String runId, String secret) {
        return switch (channel) {
            case "chat" -> new ChatRequests(host, port, path, runId, secret);
            case "phone" -> new PhoneRequests(host, port, path, runId, secret);
            case "wechat" -> new WeChatRequests(host, port, path, runId, secret);
            default -> throw new IllegalArgumentException("unknown channel " + channel + " (chat, phone, wechat)");
        };
    }
}
