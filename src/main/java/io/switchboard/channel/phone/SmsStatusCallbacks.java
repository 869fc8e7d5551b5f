package io.switchboard.channel.phone;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.outbound.DeliveryReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Twilio's SMS status callbacks (PROTOCOLS.md §7.3): a form POST to {@code switchboard.phone.sms.status-callback-url}
 * signed with {@code X-Twilio-Signature} by the sending account's auth token, reporting {@code MessageStatus}.
 * {@code delivered} (and {@code read}) become {@link DeliveryReport.State#DELIVERED}; {@code undelivered},
 * {@code failed} and {@code canceled} {@link DeliveryReport.State#FAILED} with Twilio's {@code ErrorCode}; the steps on
 * the way ({@code queued}, {@code sending}, {@code sent}, …) and statuses this gateway does not know are
 * {@link DeliveryReport.State#INTERIM}: the reply was already {@code sent} when Twilio took it.
 */
@Singleton
public class SmsStatusCallbacks {

    private static final Set<String> DELIVERED = Set.of("delivered", "read");
    private static final Set<String> FAILED = Set.of("undelivered", "failed", "canceled");

    private final Optional<TwilioSignature> signature;

    @Inject
    public SmsStatusCallbacks(SwitchboardConfig config) {
        this(config.phone().sms().authToken());
    }

    public SmsStatusCallbacks(Optional<String> authToken) {
        this.signature = authToken.map(String::strip).filter(t -> !t.isEmpty()).map(TwilioSignature::new);
    }

    /**
     * @param url       the URL Twilio posted to, exactly as it was given to Twilio (the status-callback-url)
     * @param form      the raw {@code application/x-www-form-urlencoded} body
     * @param header    the {@code X-Twilio-Signature} header
     * @throws SignatureRejectedException when the signature is missing or does not match (answer 401)
     * @throws InvalidPayloadException when the body is no form, or a signed callback lacks MessageSid or
     *                                 MessageStatus (answer 400)
     */
    public DeliveryReport verify(String url, byte[] form, String header) {
        TwilioSignature validator = signature.orElseThrow(() -> new SignatureRejectedException(
                "no Twilio auth token is configured for SMS (switchboard.phone.sms.auth-token)"));
        Map<String, List<String>> params = validator.verifiedForm(url, form, header);
        return report(FormBody.firstValues(params));
    }

    static DeliveryReport report(Map<String, String> params) {
        String sid = first(params, "MessageSid", "SmsSid")
                .orElseThrow(() -> new InvalidPayloadException("MessageSid", "MessageSid is required"));
        String status = first(params, "MessageStatus", "SmsStatus").map(s -> s.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidPayloadException("MessageStatus", "MessageStatus is required"));
        if (DELIVERED.contains(status)) {
            return new DeliveryReport(sid, DeliveryReport.State.DELIVERED, null, status);
        }
        if (FAILED.contains(status)) {
            return new DeliveryReport(sid, DeliveryReport.State.FAILED, first(params, "ErrorCode").orElse(status),
                    status);
        }
        return new DeliveryReport(sid, DeliveryReport.State.INTERIM, null, status);
    }

    private static Optional<String> first(Map<String, String> params, String... names) {
        for (String name : names) {
            String value = params.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
