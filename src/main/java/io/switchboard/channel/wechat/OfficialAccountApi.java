package io.switchboard.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Official Account customer-service messages (客服消息, PROTOCOLS.md §7.1): {@code GET /cgi-bin/token} and
 * {@code POST /cgi-bin/message/custom/send}. Allowed only within 48 hours of the customer's last message.
 */
final class OfficialAccountApi implements MessageApi {

    private static final Set<Integer> STALE_TOKEN = Set.of(40001, 40014, 42001);
    private static final Map<Integer, String> REASONS = Map.of(
            45015, "the 48-hour window is closed: the customer has not written to the account for 48 hours, "
                    + "or no longer follows it",
            45047, "the customer-service message quota is used up: too many messages since the customer last wrote",
            40003, "invalid openid: the recipient is not a follower of this account",
            45002, "the text is longer than WeChat takes (2048 bytes)",
            48001, "this account is not authorised for the customer-service message API");

    private final String baseUrl;

    OfficialAccountApi(URI baseUrl) {
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
    }

    @Override
    public URI tokenUri(SendingAccount account) {
        return URI.create(baseUrl + "/cgi-bin/token?grant_type=client_credential&appid="
                + MessageApi.query(account.appId()) + "&secret=" + MessageApi.query(account.appSecret()));
    }

    @Override
    public URI sendUri(String accessToken) {
        return URI.create(baseUrl + "/cgi-bin/message/custom/send?access_token=" + MessageApi.query(accessToken));
    }

    @Override
    public ObjectNode body(SendingAccount account, OutboundMessage message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("touser", message.recipient().address())
                .put("msgtype", "text");
        body.putObject("text").put("content", message.text());
        return body;
    }

    @Override
    public Set<Integer> staleTokenCodes() {
        return STALE_TOKEN;
    }

    @Override
    public String reason(int errcode) {
        return REASONS.get(errcode);
    }

    /** The customer-service API gives no message id. */
    @Override
    public SendOutcome accepted(JsonNode answer, OutboundMessage message, Instant at) {
        return new SendOutcome.Sent(null, at);
    }
}
