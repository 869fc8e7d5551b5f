package io.switchboard.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * WeCom application messages (发送应用消息, PROTOCOLS.md §7.2): {@code GET /cgi-bin/gettoken} and
 * {@code POST /cgi-bin/message/send} as the app {@code agentid}. WeCom answers {@code errcode} 0 even when it
 * delivered to nobody, naming the recipients it skipped in {@code invaliduser} (and {@code unlicenseduser}); when
 * every recipient is invalid it may answer 81013 instead.
 */
final class WeComApi extends MessageApi {

    WeComApi(URI baseUrl) {
        super(baseUrl, Set.of(40014, 42001), Map.of(
                81013, "the user is not in the app's visible range, has no licence, or does not exist",
                40056, "agent-id is not an app of this corporation",
                60020, "the gateway's IP address is not on the app's trusted IP list"));
    }

    @Override
    URI tokenUri(SendingAccount account) {
        return uri("/cgi-bin/gettoken", "corpid", account.appId(), "corpsecret", account.appSecret());
    }

    @Override
    URI sendUri(String accessToken) {
        return uri("/cgi-bin/message/send", "access_token", accessToken);
    }

    @Override
    ObjectNode body(SendingAccount account, OutboundMessage message) {
        return super.body(account, message).put("agentid", account.agentId().orElseThrow()).put("safe", 0);
    }

    @Override
    SendOutcome accepted(JsonNode answer, OutboundMessage message, Instant at) {
        // one recipient per reply: whoever WeCom lists as skipped, it is this reply's customer
        String invalid = answer.path("invaliduser").asText("").strip();
        if (!invalid.isEmpty()) {
            return new SendOutcome.Failed("invaliduser", "WeCom did not deliver to " + invalid
                    + ": no such user, or not in the app's visible range");
        }
        String unlicensed = answer.path("unlicenseduser").asText("").strip();
        if (!unlicensed.isEmpty()) {
            return new SendOutcome.Failed("unlicenseduser", "WeCom did not deliver to " + unlicensed
                    + ": the user has no licence for this app");
        }
        String msgid = answer.path("msgid").asText("");
        return new SendOutcome.Sent(msgid.isEmpty() ? null : msgid, at);
    }
}
