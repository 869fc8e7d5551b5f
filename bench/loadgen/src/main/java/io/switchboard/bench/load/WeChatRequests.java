package io.switchboard.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Official Account text messages in plain mode, as WeChat posts them: XML with a unique MsgId, 1,000
 * distinct OpenIDs, and {@code signature = SHA-1 of the sorted token, timestamp and nonce} in the query
 * string (the secret is the account's token).
 */
final class WeChatRequests implements Requests {

    private static final String TEXT = "你好，我的订单 SO-48213 显示已签收，但我没有收到包裹，请帮忙查一下。";

    private final String hostHeader;
    private final String path;
    private final String runId;
    private final String token;
    private final MessageDigest sha1;

    WeChatRequests(String host, int port, String path, String runId, String token) {
        this.hostHeader = host + ":" + port;
        this.path = path;
        this.runId = runId;
        this.token = token;
        try {
            this.sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] body(long seq) {
        return ("<xml><ToUserName><![CDATA[gh_switchboard_bench]]></ToUserName><FromUserName><![CDATA[oBench"
                + String.format("%06d", seq % 1000) + "]]></FromUserName><CreateTime>" + System.currentTimeMillis() / 1000
                + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + TEXT + "]]></Content><MsgId>"
                + runId + "-" + seq + "</MsgId></xml>").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] request(long seq) {
        byte[] body = body(seq);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = Long.toString(seq);
        String[] parts = {token, timestamp, nonce};
        Arrays.sort(parts);
        String signature = HexFormat.of().formatHex(sha1.digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
        byte[] head = ("POST " + path + "?signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce
                + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nContent-Type: text/xml\r\nX-Message-Id: " + runId + "-" + seq
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return Http.concat(head, body);
    }
}
