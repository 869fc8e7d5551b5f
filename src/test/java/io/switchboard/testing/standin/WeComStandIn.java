package io.switchboard.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WeCom API at {@code switchboard.wechat.wecom-api-url} (PROTOCOLS.md §7.2): {@code GET /cgi-bin/gettoken}
 * (40013 unknown corpid, 40001 wrong secret) and {@code POST /cgi-bin/message/send} (41001 no token, 40014 invalid
 * token, 42001 expired, 40056 agentid not this app's, 81013 recipient unknown; a user marked
 * {@linkplain #invalidUser invalid} comes back in {@code invaliduser} with errcode 0, lower-cased as WeCom does).
 */
public final class WeComStandIn extends TokenApiStandIn {

    public static final String TOKEN_PATH = "/cgi-bin/gettoken";
    public static final String SEND_PATH = "/cgi-bin/message/send";

    /** A message the app sent. */
    public record Sent(String corpId, long agentId, String userId, String content, String msgid) {}

    private record App(String secret, long agentId) {}

    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Set<String> members = ConcurrentHashMap.newKeySet();
    private final Set<String> invalid = ConcurrentHashMap.newKeySet();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger msgids = new AtomicInteger();

    public WeComStandIn(Clock clock) {
        super("wecom", clock, true, TOKEN_PATH, SEND_PATH);
    }

    public WeComStandIn app(String corpId, String secret, long agentId) {
        apps.put(corpId, new App(secret, agentId));
        return this;
    }

    public WeComStandIn member(String userId) {
        members.add(userId);
        return this;
    }

    /** Sends to this user answer errcode 0 with the user in {@code invaliduser}. */
    public void invalidUser(String userId) {
        invalid.add(userId);
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    protected Answer token(Request request) {
        String corpId = request.queryParam("corpid");
        App app = corpId == null ? null : apps.get(corpId);
        if (app == null) {
            return errcode(40013, "invalid corpid");
        }
        if (!app.secret().equals(request.queryParam("corpsecret"))) {
            return errcode(40001, "invalid credential");
        }
        return Answer.json(200, issue(corpId).put("errcode", 0).put("errmsg", "ok"));
    }

    @Override
    protected Answer send(Request request) {
        String token = request.queryParam("access_token");
        Answer refused = refusal(token, errcode(40014, "invalid access_token"));
        if (refused != null) {
            return refused;
        }
        String corpId = appOf(token);
        JsonNode body = request.json();
        if (!body.isObject()) {
            return errcode(47001, "data format error");
        }
        if (body.path("agentid").asLong(-1) != apps.get(corpId).agentId()) {
            return errcode(40056, "invalid agentid");
        }
        String user = body.path("touser").asText("");
        if (invalid.contains(user)) {
            return Answer.json(200, object().put("errcode", 0).put("errmsg", "ok")
                    .put("invaliduser", user.toLowerCase(Locale.ROOT)).put("msgid", ""));
        }
        if (!members.contains(user)) {
            return errcode(81013, "user & party & tag all invalid");
        }
        String msgid = "wecom-msg-" + msgids.incrementAndGet();
        sent.add(new Sent(corpId, body.path("agentid").asLong(), user, body.path("text").path("content").asText(""),
                msgid));
        return Answer.json(200, object().put("errcode", 0).put("errmsg", "ok").put("invaliduser", "")
                .put("msgid", msgid));
    }
}
