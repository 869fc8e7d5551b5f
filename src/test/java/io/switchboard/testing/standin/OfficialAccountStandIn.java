package io.switchboard.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The WeChat Official Account API at {@code switchboard.wechat.api-url} (PROTOCOLS.md §7.1):
 * {@code GET /cgi-bin/token} (40002 wrong grant_type, 40013 unknown appid, 40125 wrong secret) and
 * {@code POST /cgi-bin/message/custom/send} (41001 no token, 40001 invalid or retired token, 42001 expired, 47001 not
 * JSON, 40008 not a text message, 40003 not a follower, 45015 window closed, 45047 quota used up, 45002 over
 * 2048 bytes). HTTP 200 with {@code errcode} for all of them, as WeChat does.
 */
public final class OfficialAccountStandIn extends TokenApiStandIn {

    public static final String TOKEN_PATH = "/cgi-bin/token";
    public static final String SEND_PATH = "/cgi-bin/message/custom/send";
    private static final int MAX_CONTENT_BYTES = 2048;

    /** A message the account sent to a follower. */
    public record Sent(String appId, String openid, String content) {}

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> followers = ConcurrentHashMap.newKeySet();
    private final Set<String> windowClosed = ConcurrentHashMap.newKeySet();
    private final Set<String> quotaUsedUp = ConcurrentHashMap.newKeySet();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    public OfficialAccountStandIn(Clock clock) {
        super("wechat-oa", clock, false, TOKEN_PATH, SEND_PATH);
    }

    public OfficialAccountStandIn app(String appId, String secret) {
        secrets.put(appId, secret);
        return this;
    }

    public OfficialAccountStandIn follower(String openid) {
        followers.add(openid);
        return this;
    }

    /** The openid has not written for 48 hours: customer-service messages get 45015. */
    public void closeWindow(String openid) {
        windowClosed.add(openid);
    }

    /** Messages to this openid get 45047 until it writes again. */
    public void useUpQuota(String openid) {
        quotaUsedUp.add(openid);
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    protected Answer token(Request request) {
        if (!"client_credential".equals(request.queryParam("grant_type"))) {
            return errcode(40002, "invalid grant_type");
        }
        String appId = request.queryParam("appid");
        String secret = appId == null ? null : secrets.get(appId);
        if (secret == null) {
            return errcode(40013, "invalid appid");
        }
        if (!secret.equals(request.queryParam("secret"))) {
            return errcode(40125, "invalid appsecret");
        }
        return Answer.json(200, issue(appId));
    }

    @Override
    protected Answer send(Request request) {
        String token = request.queryParam("access_token");
        Answer refused = refusal(token, errcode(40001, "invalid credential, access_token is invalid or not latest"));
        if (refused != null) {
            return refused;
        }
        JsonNode body = request.json();
        if (!body.isObject()) {
            return errcode(47001, "data format error");
        }
        if (!"text".equals(body.path("msgtype").asText())) {
            return errcode(40008, "invalid message type");
        }
        String openid = body.path("touser").asText("");
        if (!followers.contains(openid)) {
            return errcode(40003, "invalid openid");
        }
        if (windowClosed.contains(openid)) {
            return errcode(45015, "response out of time limit or subscription is canceled");
        }
        if (quotaUsedUp.contains(openid)) {
            return errcode(45047, "out of response count limit");
        }
        String content = body.path("text").path("content").asText("");
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_CONTENT_BYTES) {
            return errcode(45002, "content size out of limit");
        }
        sent.add(new Sent(appOf(token), openid, content));
        return errcode(0, "ok");
    }
}
