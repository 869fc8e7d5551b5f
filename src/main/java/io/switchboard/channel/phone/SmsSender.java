package io.switchboard.channel.phone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.outbound.ChannelSender;
import io.switchboard.outbound.MissingSendingSetting;
import io.switchboard.outbound.OutboundHttp;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Replies to phone contacts as SMS through the Twilio Messages API (PROTOCOLS.md §7.3): a form POST to
 * {@code /2010-04-01/Accounts/{AccountSid}/Messages.json} with Basic auth. 201: sent, the {@code SM…} sid is the
 * provider id; 400 (Twilio's {@code code}, e.g. 21211 invalid number, 21610 the customer replied STOP), 401 and
 * other 4xx: failed; 429 and 5xx: retryable. Twilio takes no idempotency key, so a resend after an attempt
 * without an answer can send the SMS twice.
 */
@Singleton
public class SmsSender implements ChannelSender {

    private static final String PREFIX = "switchboard.phone.sms.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI apiUrl;
    private final Optional<String> accountSid;
    private final Optional<String> authToken;
    private final Optional<String> from;
    private final Optional<String> messagingServiceSid;
    private final Optional<String> statusCallbackUrl;
    private final OutboundHttp http;

    @Inject
    public SmsSender(SwitchboardConfig config, OutboundHttp http) {
        SwitchboardConfig.Phone.Sms sms = config.phone().sms();
        this.apiUrl = OutboundHttp.url(PREFIX + "api-url", sms.apiUrl());
        this.accountSid = present(sms.accountSid());
        this.authToken = present(sms.authToken());
        this.from = present(sms.from());
        this.messagingServiceSid = present(sms.messagingServiceSid());
        this.statusCallbackUrl = present(sms.statusCallbackUrl());
        this.http = http;
    }

    @Override
    public Channel channel() {
        return Channel.PHONE;
    }

    @Override
    public boolean recognisesResends() {
        return false;
    }

    @Override
    public void requireSettings(String account) {
        if (accountSid.isEmpty()) {
            throw new MissingSendingSetting(PREFIX + "account-sid", "SMS are sent from a Twilio account");
        }
        if (authToken.isEmpty()) {
            throw new MissingSendingSetting(PREFIX + "auth-token", "the Twilio API needs the account's auth token");
        }
        if (from.isEmpty() && messagingServiceSid.isEmpty()) {
            throw new MissingSendingSetting(PREFIX + "from",
                    "an SMS needs a sending number (or " + PREFIX + "messaging-service-sid)");
        }
    }

    @Override
    public SendOutcome send(OutboundMessage message) {
        requireSettings(message.account());
        String sid = accountSid.orElseThrow();
        URI messages = URI.create(apiUrl.toString().replaceAll("/+$", "") + "/2010-04-01/Accounts/"
                + URLEncoder.encode(sid, StandardCharsets.UTF_8) + "/Messages.json");
        String credentials = Base64.getEncoder().encodeToString((sid + ":" + authToken.orElseThrow())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = http.request(messages)
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(message), StandardCharsets.UTF_8))
                .build();
        return http.send(request, this::outcome);
    }

    private SendOutcome outcome(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode answer = json(response.body());
        if (OutboundHttp.success(status)) {
            String messageSid = answer.path("sid").asText("");
            return new SendOutcome.Sent(messageSid.isEmpty() ? null : messageSid, http.clock().instant());
        }
        String code = answer.hasNonNull("code") ? answer.get("code").asText() : "http-" + status;
        String reason = "Twilio answered " + status + (answer.hasNonNull("message")
                ? ": " + answer.get("message").asText() : OutboundHttp.excerpt(response.body()));
        if (OutboundHttp.retryableStatus(status)) {
            return http.retryable(response, code, reason);
        }
        if (status == 401) {
            return new SendOutcome.Failed(code, reason + " (check " + PREFIX + "account-sid and " + PREFIX
                    + "auth-token)");
        }
        return new SendOutcome.Failed(code, reason);
    }

    private String form(OutboundMessage message) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("To", message.recipient().address());
        if (messagingServiceSid.isPresent()) {
            fields.put("MessagingServiceSid", messagingServiceSid.get());
        } else {
            fields.put("From", from.orElseThrow());
        }
        fields.put("Body", message.text());
        statusCallbackUrl.ifPresent(url -> fields.put("StatusCallback", url));
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static JsonNode json(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode(); // a proxy's HTML error page: the status code alone decides
        }
    }

    private static Optional<String> present(Optional<String> setting) {
        return setting.map(String::strip).filter(s -> !s.isEmpty());
    }
}
