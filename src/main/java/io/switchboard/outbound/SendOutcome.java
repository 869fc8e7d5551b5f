package io.switchboard.outbound;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What one send attempt came to. */
public sealed interface SendOutcome {

    /** The channel took the message; {@code providerMessageId} is its id there (WeCom msgid, Twilio sid, Message-ID). */
    record Sent(String providerMessageId, Instant at) implements SendOutcome {
        public Sent {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Worth another attempt later: a timeout, a 5xx, a 429, "system busy".
     *
     * @param code            the channel's code ({@code -1}, {@code http-503}) or {@code timeout}, {@code unreachable}
     * @param retryAfter      what the channel asked for ({@code Retry-After}); the retry policy waits at least this
     * @param mayHaveBeenSent whether the channel may have taken the message anyway (no answer after the request
     *                        went out, a 502/504 from a proxy): a resend on a channel that does not
     *                        {@linkplain ChannelSender#recognisesResends() recognise resends} may then duplicate it
     */
    record Retryable(String reason, String code, Optional<Duration> retryAfter, boolean mayHaveBeenSent)
            implements SendOutcome {
        public Retryable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Permanent for this reply: sending it again cannot succeed (window closed, invalid recipient, bad credentials). */
    record Failed(String code, String message) implements SendOutcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
