package io.switchboard.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * What differs between the Official Account customer-service API and the WeCom application-message API; the
 * token cache, the {@code errcode} answers and the refresh-once rule they share live in {@link WeChatSender}.
 */
abstract class MessageApi {

    private final String baseUrl;
    private final Set<Integer> staleTokenCodes;
    private final Map<Integer, String> reasons;

    /**
     * @param staleTokenCodes codes saying the access token is expired or no longer valid: refresh once, send again
     * @param reasons         reasons a person can act on for permanent codes; others keep WeChat's {@code errmsg}
     */
    MessageApi(URI baseUrl, Set<Integer> staleTokenCodes, Map<Integer, String> reasons) {
        this.baseUrl = baseUrl.toString().replaceAll("/+$", "");
        this.staleTokenCodes = staleTokenCodes;
        this.reasons = reasons;
    }

    abstract URI tokenUri(SendingAccount account);

    abstract URI sendUri(String accessToken);

    /** The outcome of an answer with {@code errcode} 0. */
    abstract SendOutcome accepted(JsonNode answer, OutboundMessage message, Instant at);

    /** {@code {"touser", "msgtype": "text", "text": {"content"}}}, the text message both APIs take. */
    ObjectNode body(SendingAccount account, OutboundMessage message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode()
                .put("touser", message.recipient().address())
                .put("msgtype", "text");
        body.putObject("text").put("content", message.text());
        return body;
    }

    final boolean staleToken(int errcode) {
        return staleTokenCodes.contains(errcode);
    }

    /** The reason for a permanent code, or null to use WeChat's {@code errmsg}. */
    final String reason(int errcode) {
        return reasons.get(errcode);
    }

    /** {@code path} under the base URL with query parameters given as name, value, name, value… */
    final URI uri(String path, String... query) {
        StringBuilder uri = new StringBuilder(baseUrl).append(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            uri.append(i == 0 ? '?' : '&').append(query[i]).append('=')
                    .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
        }
        return URI.create(uri.toString());
    }
}
