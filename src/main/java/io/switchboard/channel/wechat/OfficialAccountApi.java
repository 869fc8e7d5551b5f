package io.switchboard.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
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
final class OfficialAccountApi extends MessageApi {

    OfficialAccountApi(URI baseUrl) {
        super(baseUrl, Set.of(40001, 40014, 42001), Map.of(
                45015, "the 48-hour window is closed: the customer has not written to the account for 48 hours, "
                        + "or no longer follows it",
                45047, "the customer-service message quota is used up: too many messages since the customer last wrote",
                40003, "invalid openid: the recipient is not a follower of this account",
                45002, "the text is longer than WeChat takes (2048 bytes)",
                48001, "this account is not authorised for the customer-service message API"));
    }

    @Override
    URI tokenUri(SendingAccount account) {
        return uri("/cgi-bin/token", "grant_type", "client_credential", "appid", account.appId(),
                "secret", account.appSecret());
    }

    @Override
    URI sendUri(String accessToken) {
        return uri("/cgi-bin/message/custom/send", "access_token", accessToken);
    }

    /** The customer-service API gives no message id. */
    @Override
    SendOutcome accepted(JsonNode answer, OutboundMessage message, Instant at) {
        return new SendOutcome.Sent(null, at);
    }
}
