package io.switchboard.channel.phone;

import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One call, whatever reported it (CDR legs, a JSON call event, a Twilio status callback), becomes
 * one ContactRecord here. The customer is the caller of an inbound call and the callee of an
 * outbound one; internal calls (extension to extension) have no customer and are no contact.
 */
public final class PhoneContacts {

    /** Identity types besides {@link Identity#PHONE} (E.164): what a number turned out to be. */
    public static final String EXTENSION = "phone-extension";
    public static final String UNVERIFIED = "phone-raw";
    public static final String ANONYMOUS = "phone-anonymous";

    public static final String TAG_PREFIX = "phone.";
    public static final String CALLBACK_NEEDED = "phone.callback-needed";
    public static final String INVALID_NUMBER = "phone.invalid-number";
    public static final String WITHHELD_NUMBER = "phone.anonymous";

    private PhoneContacts() {
    }

    /** Fills {@code envelope} from {@code call}; empty for an internal call. */
    public static Optional<ContactRecord.Builder> toContact(CallRecord call, String recordingUrl,
                                                            ContactRecord.Builder envelope) {
        if (call.direction() == CallDirection.INTERNAL) {
            return Optional.empty();
        }
        boolean inbound = call.direction() == CallDirection.INBOUND;
        NormalizedNumber customer = inbound ? call.from() : call.to();
        Identity customerIdentity = identity(customer, call.callId());
        List<String> tags = new ArrayList<>(3);
        tags.add(TAG_PREFIX + call.status().name().toLowerCase(Locale.ROOT));
        if (call.callbackNeeded()) {
            tags.add(CALLBACK_NEEDED);
        }
        if (customer.type() == NormalizedNumber.Type.INVALID) {
            tags.add(INVALID_NUMBER);
        } else if (customer.type() == NormalizedNumber.Type.ANONYMOUS || customer.type() == NormalizedNumber.Type.EMPTY) {
            tags.add(WITHHELD_NUMBER);
        }
        List<ContactRecord.Attachment> attachments = recordingUrl == null ? List.of()
                : List.of(new ContactRecord.Attachment("call recording", null, null, recordingUrl, null));
        return Optional.of(envelope
                .direction(inbound ? ContactRecord.INBOUND : ContactRecord.OUTBOUND)
                .from(identity(call.from(), call.callId()))
                .to(identity(call.to(), call.callId()))
                .identities(customerIdentity.type().equals(ANONYMOUS) ? List.of() : List.of(customerIdentity))
                .threadKey("phone:" + call.callId())
                .subject(subject(call, inbound, customer))
                .text(summary(call))
                .tags(tags)
                .attachments(attachments)
                .preferredAgent(call.agentExtension()));
    }

    /**
     * A valid public number is a {@code phone} identity in E.164; an extension stays an extension;
     * anything else is kept raw and flagged. A withheld number identifies nobody, so it names the call.
     */
    static Identity identity(NormalizedNumber n, String callId) {
        return switch (n.type()) {
            case PHONE -> new Identity(Identity.PHONE, n.value());
            case EXTENSION -> new Identity(EXTENSION, n.value());
            case INVALID -> new Identity(UNVERIFIED, n.raw().strip());
            case ANONYMOUS, EMPTY -> new Identity(ANONYMOUS, "call:" + callId);
        };
    }

    /** CallEvent (generic JSON webhook) → the same call shape the CDR assembler produces. */
    public static CallRecord fromEvent(CallEvent e, PhoneNumbers numbers) {
        NormalizedNumber from = numbers.normalize(e.from());
        long duration = e.durationSeconds() != null ? e.durationSeconds()
                : e.endedAt() != null ? Duration.between(e.startedAt(), e.endedAt()).getSeconds() : 0;
        long talk = e.answeredAt() != null && e.endedAt() != null
                ? Duration.between(e.answeredAt(), e.endedAt()).getSeconds() : 0;
        return new CallRecord(e.callId(), e.direction(), e.status(), from, numbers.normalize(e.to()), null,
                e.startedAt(), e.answeredAt(), e.endedAt(), duration, talk, e.agentId(),
                CallRecord.needsCallback(e.direction(), e.status(), from), "", "", 1, List.of());
    }

    /**
     * A terminal Twilio status callback → a call. Twilio reports when the status happened and how
     * long the call lasted, not when it started: the start is derived from those two.
     */
    public static CallRecord fromTwilio(TwilioCallback t, Instant receivedAt, PhoneNumbers numbers) {
        NormalizedNumber from = numbers.normalize(t.from());
        CallDirection direction = t.callDirection();
        CallStatus status = t.outcome();
        Instant ended = t.eventTime() != null ? t.eventTime() : receivedAt;
        long duration = t.callDuration() == null ? 0 : t.callDuration();
        return new CallRecord(t.callSid(), direction, status, from, numbers.normalize(t.to()), null,
                ended.minusSeconds(duration), null, ended, duration, status == CallStatus.ANSWERED ? duration : 0,
                null, CallRecord.needsCallback(direction, status, from), "", "", 1, List.of());
    }

    private static String subject(CallRecord call, boolean inbound, NormalizedNumber customer) {
        String outcome = switch (call.status()) {
            case ANSWERED -> "Answered";
            case MISSED -> "Missed";
            case BUSY -> "Busy";
            case FAILED -> "Failed";
            case VOICEMAIL -> "Voicemail";
        };
        return outcome + (inbound ? " inbound call from " : " outbound call to ") + display(customer);
    }

    private static String summary(CallRecord c) {
        StringBuilder s = new StringBuilder();
        s.append(c.direction().name().toLowerCase(Locale.ROOT)).append(" call ").append(display(c.from()))
                .append(" -> ").append(display(c.to())).append(": ").append(c.status().name().toLowerCase(Locale.ROOT))
                .append("; started ").append(c.startedAt());
        if (c.answeredAt() != null) {
            s.append(", answered ").append(c.answeredAt());
        }
        if (c.endedAt() != null) {
            s.append(", ended ").append(c.endedAt());
        }
        s.append("; duration ").append(c.durationSeconds()).append(" s, talk ").append(c.billSeconds()).append(" s");
        if (c.callerName() != null) {
            s.append("; caller name ").append(c.callerName());
        }
        if (c.agentExtension() != null) {
            s.append("; agent ").append(c.agentExtension());
        }
        if (c.legCount() > 1) {
            s.append("; ").append(c.legCount()).append(" legs");
        }
        return s.toString();
    }

    private static String display(NormalizedNumber n) {
        return switch (n.type()) {
            case PHONE, EXTENSION -> n.value();
            case INVALID -> n.raw().strip();
            case ANONYMOUS, EMPTY -> "withheld number";
        };
    }
}
