package io.switchboard.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.outbound.ChannelSender;
import io.switchboard.outbound.OutboundHttp;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.OutcomeException;
import io.switchboard.outbound.SendOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * WeChat replies, through the Official Account customer-service API or as a WeCom application message, by the
 * kind of the account the customer wrote to. Both answer {@code {"errcode", "errmsg"}}; an access token the API
 * calls stale is refreshed once and the message sent again; "system busy" and call-quota codes are retryable;
 * every other code is permanent, with the code and a reason. Neither API takes an idempotency key, so a resend
 * after an attempt without an answer may reach the customer twice.
 */
@Singleton
public class WeChatSender implements ChannelSender {

    /** System busy (-1), daily (45009) and per-minute (45011) call quotas, WeCom's concurrent-call limit (45033). */
    private static final Set<Integer> RETRYABLE = Set.of(-1, 45009, 45011, 45033);
    private static final Duration DEFAULT_TOKEN_LIFE = Duration.ofSeconds(7200);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, SwitchboardConfig.WechatAccount> accounts;
    private final OutboundHttp http;
    private final AccessTokens tokens;
    private final MessageApi officialAccount;
    private final MessageApi wecom;

    @Inject
    public WeChatSender(SwitchboardConfig config, OutboundHttp http) {
        this.accounts = config.wechat().accounts();
        this.http = http;
        this.tokens = new AccessTokens(http.clock(), config.wechat().tokenRefreshMargin());
        this.officialAccount = new OfficialAccountApi(OutboundHttp.url("switchboard.wechat.api-url",
                config.wechat().apiUrl()));
        this.wecom = new WeComApi(OutboundHttp.url("switchboard.wechat.wecom-api-url", config.wechat().wecomApiUrl()));
    }

    @Override
    public Channel channel() {
        return Channel.WECHAT;
    }

    @Override
    public boolean recognisesResends() {
        return false;
    }

    @Override
    public void requireSettings(String account) {
        SendingAccount.of(account, accounts);
    }

    @Override
    public SendOutcome send(OutboundMessage message) {
        SendingAccount account = SendingAccount.of(message.account(), accounts);
        MessageApi api = account.kind() == WeChatAccount.Kind.WECOM ? wecom : officialAccount;
        byte[] body = json(api.body(account, message));
        try {
            String token = token(api, account);
            JsonNode answer = post(api, token, body);
            int code = errcode(answer);
            if (api.staleToken(code)) {
                tokens.discard(account.tokenKey(), token);
                token = token(api, account);
                answer = post(api, token, body);
                code = errcode(answer);
                if (api.staleToken(code)) {
                    return new SendOutcome.Retryable("WeChat rejected a token it had just issued (" + code
                            + "): another system may be fetching tokens for app " + account.appId(),
                            String.valueOf(code), Optional.empty(), false);
                }
            }
            if (code == 0) {
                return api.accepted(answer, message, http.clock().instant());
            }
            return refusal(api, code, answer, "WeChat did not send the reply");
        } catch (OutcomeException e) {
            return e.outcome();
        }
    }

    private JsonNode post(MessageApi api, String token, byte[] body) throws OutcomeException {
        return call(http.request(api.sendUri(token)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), true);
    }

    private String token(MessageApi api, SendingAccount account) throws OutcomeException {
        return tokens.current(account.tokenKey(), () -> {
            JsonNode answer = call(http.request(api.tokenUri(account)).GET().build(), false);
            int code = errcode(answer);
            String token = answer.path("access_token").asText("");
            if (code != 0 || token.isEmpty()) {
                throw new OutcomeException(refusal(api, code, answer,
                        "WeChat issued no access token for account " + account.name()));
            }
            long seconds = answer.path("expires_in").asLong(DEFAULT_TOKEN_LIFE.toSeconds());
            return new AccessTokens.Issued(token, Duration.ofSeconds(seconds > 0 ? seconds : DEFAULT_TOKEN_LIFE.toSeconds()));
        });
    }

    private SendOutcome refusal(MessageApi api, int code, JsonNode answer, String what) {
        String errmsg = answer.path("errmsg").asText("");
        String reason = Optional.ofNullable(api.reason(code)).orElse(errmsg.isEmpty() ? "no errmsg" : errmsg);
        if (RETRYABLE.contains(code)) {
            return new SendOutcome.Retryable(what + ": " + code + " " + reason, String.valueOf(code),
                    Optional.empty(), false);
        }
        return new SendOutcome.Failed(String.valueOf(code), what + ": " + reason);
    }

    /**
     * The JSON of a 2xx answer.
     *
     * @param sending whether the request sends the message: an unreadable answer to it may hide a sent message
     */
    private JsonNode call(HttpRequest request, boolean sending) throws OutcomeException {
        HttpResponse<byte[]> response = http.exchange(request);
        int status = response.statusCode();
        if (OutboundHttp.retryableStatus(status)) {
            throw new OutcomeException(http.retryable(response, "WeChat answered " + status));
        }
        if (!OutboundHttp.success(status)) {
            throw new OutcomeException(new SendOutcome.Failed("http-" + status, "WeChat answered " + status
                    + OutboundHttp.excerpt(response.body())));
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (answer != null && answer.isObject()) {
                return answer;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new OutcomeException(new SendOutcome.Retryable("WeChat's answer is not a JSON object"
                + OutboundHttp.excerpt(response.body()), "unreadable", Optional.empty(), sending));
    }

    private static int errcode(JsonNode answer) {
        return answer.path("errcode").asInt(0);
    }

    private static byte[] json(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }
}
