package io.switchboard.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.switchboard.channel.wechat.WeChatCipher;
import io.switchboard.channel.wechat.WeChatSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends callbacks the way WeChat's and WeCom's servers do: query-string signatures, XML bodies. */
public final class WeChatRequests {

    private static final Pattern TO_USER = Pattern.compile("<ToUserName>(.*?)</ToUserName>", Pattern.DOTALL);

    private WeChatRequests() {}

    public static String path(String account) {
        return "/webhooks/wechat/" + account;
    }

    /** An Official Account plaintext push, signed with {@code token}. */
    public static Response postPlain(String account, String token, String xml) {
        return post(account, plainQuery(token, Instant.now().getEpochSecond()), xml);
    }

    /**
     * The query string of a plaintext push sent at {@code unixSeconds}: a fresh nonce and the signature.
     * Posting it again is what WeChat's retry does, or an attacker who captured it.
     */
    public static Map<String, String> plainQuery(String token, long unixSeconds) {
        Map<String, String> q = stamp(unixSeconds);
        q.put("signature", WeChatSignatures.signature(token, q.get("timestamp"), q.get("nonce")));
        return q;
    }

    /** An Official Account safe-mode push: only ToUserName and Encrypt in the body. */
    public static Response postSafe(String account, String token, WeChatCipher cipher, String xml) {
        String encrypt = cipher.encrypt(xml);
        return postEncrypted(account, token, encrypt, safeBody(xml, encrypt), true);
    }

    /** The body of a safe-mode push of {@code xml}, encrypted as {@code encrypt}. */
    public static String safeBody(String xml, String encrypt) {
        return "<xml><ToUserName>" + toUser(xml) + "</ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
    }

    /** An Official Account compatible-mode push: the plaintext fields and Encrypt side by side. */
    public static Response postCompatible(String account, String token, WeChatCipher cipher, String xml) {
        String encrypt = cipher.encrypt(xml);
        int end = xml.lastIndexOf("</xml>");
        String body = xml.substring(0, end) + "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>\n" + xml.substring(end);
        return postEncrypted(account, token, encrypt, body, true);
    }

    /** A WeCom app callback: ToUserName (corpid), Encrypt and AgentID; msg_signature only. */
    public static Response postWeCom(String account, String token, WeChatCipher cipher, String xml) {
        String encrypt = cipher.encrypt(xml);
        return postEncrypted(account, token, encrypt, "<xml><ToUserName><![CDATA[" + cipher.receiveId()
                + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt><AgentID><![CDATA[1]]></AgentID></xml>",
                false);
    }

    /** Any body, with msg_signature over {@code encrypt} (and, for Official Accounts, signature and encrypt_type). */
    public static Response postEncrypted(String account, String token, String encrypt, String body, boolean officialAccount) {
        return post(account, encryptedQuery(token, encrypt, officialAccount), body);
    }

    /** The query string of an encrypted push sent now; posting it again is a retry or a replay. */
    public static Map<String, String> encryptedQuery(String token, String encrypt, boolean officialAccount) {
        Map<String, String> q = stamp();
        if (officialAccount) {
            q.put("signature", WeChatSignatures.signature(token, q.get("timestamp"), q.get("nonce")));
            q.put("encrypt_type", "aes");
        }
        q.put("msg_signature", WeChatSignatures.msgSignature(token, q.get("timestamp"), q.get("nonce"), encrypt));
        return q;
    }

    public static Response post(String account, Map<String, String> query, String body) {
        return request(query).contentType("text/xml").body(body.getBytes(StandardCharsets.UTF_8)).post(path(account));
    }

    public static Response get(String account, Map<String, String> query) {
        return request(query).get(path(account));
    }

    /** A fresh timestamp and nonce, as WeChat sends with every callback. */
    public static Map<String, String> stamp() {
        return stamp(Instant.now().getEpochSecond());
    }

    private static Map<String, String> stamp(long unixSeconds) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("timestamp", Long.toString(unixSeconds));
        q.put("nonce", Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L)));
        return q;
    }

    private static RequestSpecification request(Map<String, String> query) {
        RequestSpecification spec = given();
        query.forEach(spec::queryParam);
        return spec;
    }

    private static String toUser(String xml) {
        Matcher m = TO_USER.matcher(xml);
        return m.find() ? m.group(1) : "<![CDATA[gh_unknown]]>";
    }
}
