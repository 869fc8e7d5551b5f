package io.switchboard.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * What differs between the Official Account customer-service API and the WeCom application-message API; the
 * token cache, the {@code errcode} answers and the refresh-once rule they share live in {@link WeChatSender}.
 */
interface MessageApi {

    URI tokenUri(SendingAccount account);

    URI sendUri(String accessToken);

    ObjectNode body(SendingAccount account, OutboundMessage message);

    /** Codes saying the access token is expired or no longer valid: refresh it once and send again. */
    Set<Integer> staleTokenCodes();

    /** A reason a person can act on for a permanent {@code errcode}, or null to use WeChat's {@code errmsg}. */
    String reason(int errcode);

    /** The outcome of an answer with {@code errcode} 0. */
    SendOutcome accepted(JsonNode answer, OutboundMessage message, Instant at);

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
