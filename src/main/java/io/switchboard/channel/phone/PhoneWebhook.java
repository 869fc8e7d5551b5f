package io.switchboard.channel.phone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.ingress.DurableIntake;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.JsonPayloads;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.ingress.TimestampedSignature;
import io.switchboard.ingress.WebhookRefusals;
import io.switchboard.ops.IngressMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /webhooks/phone}. Two senders share the endpoint and are told apart by their signature
 * header: a telephony backend posting JSON call events signed with {@code X-Switchboard-Signature}
 * (like chat), and Twilio posting status callbacks signed with {@code X-Twilio-Signature} (form-encoded,
 * or JSON with {@code bodySHA256} in the URL). Either way: verify the raw bytes, validate, store
 * durably, then answer.
 */
@Singleton
public class PhoneWebhook {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TimestampedSignature signature;
    private final Optional<TwilioSignature> twilio;
    private final Optional<String> publicUrl;
    private final DurableIntake intake;
    private final IngressMetrics metrics;

    @Inject
    public PhoneWebhook(SwitchboardConfig config, DurableIntake intake, IngressMetrics metrics) {
        this.signature = new TimestampedSignature(config.phone().secret().orElse(List.of()),
                config.phone().signatureTolerance(), Clock.systemUTC());
        this.twilio = config.phone().twilio().authToken().filter(t -> !t.isBlank()).map(TwilioSignature::new);
        this.publicUrl = config.phone().twilio().publicUrl();
        this.intake = intake;
        this.metrics = metrics;
    }

    public void handle(RoutingContext ctx) {
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        String mediaType = mediaType(ctx.request().getHeader("Content-Type"));
        String twilioSignature = ctx.request().getHeader(TwilioSignature.HEADER);
        try {
            if (twilioSignature != null) {
                twilioCallback(ctx, body, mediaType, twilioSignature);
            } else if (mediaType.equals(FORM)) {
                // only Twilio posts forms here; a proxy that strips its header must not look like a media-type problem
                throw new SignatureRejectedException("X-Twilio-Signature is missing: form-encoded status callbacks must be signed");
            } else {
                callEvent(ctx, body, mediaType);
            }
        } catch (SignatureRejectedException e) {
            WebhookRefusals.signature(ctx.response(), metrics, Channel.PHONE, e);
        } catch (InvalidPayloadException e) {
            WebhookRefusals.payload(ctx.response(), metrics, Channel.PHONE, e);
        }
    }

    private void callEvent(RoutingContext ctx, byte[] body, String mediaType) {
        if (!mediaType.equals(JSON)) {
            unsupported(ctx, "Content-Type must be application/json for call events");
            return;
        }
        signature.verify(ctx.request().getHeader(TimestampedSignature.HEADER), body);
        CallEvent event = readEvent(body);
        RawMessage raw = new RawMessage(Channel.PHONE, event.callId(), Instant.now(), JSON,
                Map.of(PhoneRaw.SOURCE, PhoneRaw.SOURCE_EVENT), body);
        intake.store(ctx, raw, stored -> stored.response()
                .setStatusCode(202)
                .putHeader("Content-Type", JSON)
                .end(new JsonObject().put("id", raw.recordId()).put("callId", event.callId()).encode()));
    }

    private void twilioCallback(RoutingContext ctx, byte[] body, String mediaType, String header) {
        if (!mediaType.equals(FORM) && !mediaType.equals(JSON)) {
            unsupported(ctx, "Twilio callbacks must be application/x-www-form-urlencoded or application/json");
            return;
        }
        TwilioSignature validator = twilio.orElseThrow(() ->
                new SignatureRejectedException("no Twilio auth token is configured (switchboard.phone.twilio.auth-token)"));
        String url = PublicUrl.of(publicUrl, ctx.request().scheme(), ctx.request().uri(), ctx.request()::getHeader);
        Map<String, String> params;
        if (mediaType.equals(FORM)) {
            Map<String, List<String>> form = validator.verifiedForm(url, body, header);
            params = FormBody.firstValues(form);
        } else {
            if (!validator.validateJsonBody(url, body, header)) {
                throw new SignatureRejectedException("X-Twilio-Signature or bodySHA256 does not match " + url);
            }
            params = flatJson(body);
        }
        TwilioCallback callback = TwilioCallback.from(params);
        RawMessage raw = new RawMessage(Channel.PHONE, callback.channelMessageId(), Instant.now(), mediaType,
                Map.of(PhoneRaw.SOURCE, PhoneRaw.SOURCE_TWILIO), body);
        intake.store(ctx, raw, stored -> stored.response().setStatusCode(204).end());
    }

    static CallEvent readEvent(byte[] body) {
        Map<String, Object> map = MAPPER.convertValue(JsonPayloads.readObject(body), Map.class);
        try {
            return CallEvent.fromMap(map);
        } catch (CallEvent.InvalidCallEventException e) {
            throw new InvalidPayloadException(e.problems().get(0).field(), e.getMessage());
        }
    }

    /** Twilio's JSON-bodied requests carry the same flat parameters as its forms. */
    static Map<String, String> flatJson(byte[] body) {
        JsonNode root = JsonPayloads.readObject(body);
        Map<String, String> params = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                params.put(e.getKey(), e.getValue().asText());
            }
        });
        return params;
    }

    private void unsupported(RoutingContext ctx, String message) {
        metrics.rejected(Channel.PHONE, "media-type");
        HttpErrors.send(ctx.response(), 415, "unsupported_media_type", message, null);
    }

    static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }
}
