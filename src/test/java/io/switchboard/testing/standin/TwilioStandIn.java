package io.switchboard.testing.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.channel.phone.TwilioSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Twilio Messages API at {@code switchboard.phone.sms.api-url} (PROTOCOLS.md §7.3):
 * {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} with Basic auth. 201 with an {@code SM…} sid and
 * status {@code queued}; 401 code 20003 for wrong credentials; 400 with Twilio's code for 21604 (no To), 21211
 * (To not E.164), 21603 (no From or MessagingServiceSid), 21602 (no Body), 21617 (Body over 1,600 characters),
 * 21610 (the recipient replied STOP). {@link #throttleNext} plays 429 code 20429 with {@code Retry-After}.
 * {@link #reportStatus} posts a status callback signed with {@code X-Twilio-Signature}, as Twilio does later.
 */
public final class TwilioStandIn extends StandInServer {

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final int MAX_BODY_CHARS = 1600;

    /** A message Twilio queued. */
    public record Queued(String sid, String to, String from, String messagingServiceSid, String body,
            String statusCallback) {}

    private final String accountSid;
    private final String authToken;
    private final Set<String> optedOut = ConcurrentHashMap.newKeySet();
    private final Map<String, Queued> queued = new ConcurrentHashMap<>();
    private final List<Queued> order = new CopyOnWriteArrayList<>();

    public TwilioStandIn(String accountSid, String authToken) {
        super("twilio");
        this.accountSid = accountSid;
        this.authToken = authToken;
    }

    public String messagesPath() {
        return "/2010-04-01/Accounts/" + accountSid + "/Messages.json";
    }

    /** The number replied STOP: messages to it get 400 code 21610. */
    public void optOut(String number) {
        optedOut.add(number);
    }

    /** The next {@code times} sends get 429 (code 20429) asking to wait {@code retryAfter}. */
    public void throttleNext(int times, Duration retryAfter) {
        for (int i = 0; i < times; i++) {
            answerNext(messagesPath(), error(429, 20429, "Too Many Requests")
                    .withHeader("Retry-After", String.valueOf(retryAfter.toSeconds())));
        }
    }

    /** Messages queued, in order; a resend that reached Twilio is queued twice, as Twilio would. */
    public List<Queued> queued() {
        return List.copyOf(order);
    }

    /**
     * Posts a status callback for message {@code sid} to the StatusCallback it was sent with, signed with the
     * account's auth token; returns the HTTP status the callback got.
     */
    public int reportStatus(String sid, String status, String errorCode) throws IOException, InterruptedException {
        return reportStatus(sid, status, errorCode, null);
    }

    /**
     * {@link #reportStatus(String, String, String)} through a proxy: posted to the StatusCallback's path and query at
     * {@code via}, signed over the StatusCallback URL as Twilio called it.
     */
    public int reportStatus(String sid, String status, String errorCode, URI via)
            throws IOException, InterruptedException {
        Queued message = queued.get(sid);
        if (message == null || message.statusCallback() == null) {
            throw new IllegalStateException("message " + sid + " was not sent with a StatusCallback");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("SmsSid", sid);
        form.put("AccountSid", accountSid);
        form.put("MessageStatus", status);
        form.put("SmsStatus", status);
        form.put("To", message.to());
        form.put("From", message.from() == null ? "" : message.from());
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        URI callback = URI.create(message.statusCallback());
        URI target = via == null ? callback : via.resolve(callback.getRawPath()
                + (callback.getRawQuery() == null ? "" : "?" + callback.getRawQuery()));
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(TwilioSignature.HEADER, new TwilioSignature(authToken).compute(message.statusCallback(), form))
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A form body as Twilio encodes a status callback. */
    public static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    protected Answer answer(Request request) {
        if (!request.path().equals(messagesPath()) || !request.method().equals("POST")) {
            return error(404, 20404, "The requested resource " + request.path() + " was not found");
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.header("Authorization"))) {
            return error(401, 20003, "Authenticate");
        }
        Map<String, String> form = request.form();
        String to = form.get("To");
        String from = form.get("From");
        String service = form.get("MessagingServiceSid");
        String body = form.get("Body");
        if (to == null || to.isEmpty()) {
            return error(400, 21604, "A 'To' phone number is required.");
        }
        if (!E164.matcher(to).matches()) {
            return error(400, 21211, "Invalid 'To' Phone Number: " + to);
        }
        if ((from == null || from.isEmpty()) && (service == null || service.isEmpty())) {
            return error(400, 21603, "A 'From' phone number is required.");
        }
        if (body == null || body.isEmpty()) {
            return error(400, 21602, "Message body is required.");
        }
        if (body.codePointCount(0, body.length()) > MAX_BODY_CHARS) {
            return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        if (optedOut.contains(to)) {
            return error(400, 21610, "Attempt to send to unsubscribed recipient");
        }
        String sid = "SM" + HexFormat.of().formatHex(randomBytes());
        Queued message = new Queued(sid, to, from, service, body, form.get("StatusCallback"));
        queued.put(sid, message);
        order.add(message);
        ObjectNode answer = object().put("sid", sid).put("account_sid", accountSid).put("to", to)
                .put("from", from).put("messaging_service_sid", service).put("body", body).put("status", "queued")
                .put("num_segments", "1").put("direction", "outbound-api").put("api_version", "2010-04-01")
                .put("uri", messagesPath().replace(".json", "/" + sid + ".json"));
        return Answer.json(201, answer);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static Answer error(int status, int code, String message) {
        return Answer.json(status, object().put("code", code).put("message", message)
                .put("more_info", "https://www.twilio.com/docs/errors/" + code).put("status", status));
    }
}
