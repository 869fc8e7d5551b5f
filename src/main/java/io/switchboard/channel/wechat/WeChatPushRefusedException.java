package io.switchboard.channel.wechat;

import java.util.Objects;

/**
 * A push refused by the account's replay and mode rules, whatever its signature says. Each reason names
 * the HTTP answer: status, JSON {@code error}, the query field at fault, and the metric's reason tag.
 */
public final class WeChatPushRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The timestamp is outside {@code switchboard.wechat.max-clock-skew} of the gateway clock. */
        STALE_TIMESTAMP(401, "stale_timestamp", "timestamp", "stale-timestamp"),
        /** This (account, timestamp, nonce) was already stored with another message: a captured signature. */
        REPLAYED_SIGNATURE(401, "replayed_signature", "nonce", "replayed-signature"),
        /** A push without {@code <Encrypt>} to an account in safe mode. */
        PLAINTEXT_REFUSED(403, "encryption_required", "encrypt_type", "plaintext-refused");

        private final int status;
        private final String error;
        private final String field;
        private final String metricReason;

        Reason(int status, String error, String field, String metricReason) {
            this.status = status;
            this.error = error;
            this.field = field;
            this.metricReason = metricReason;
        }

        public int status() {
            return status;
        }

        public String error() {
            return error;
        }

        public String field() {
            return field;
        }

        public String metricReason() {
            return metricReason;
        }
    }

    private final Reason reason;

    public WeChatPushRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
