package io.switchboard.outbound;

import java.util.Locale;

/** A reply's delivery status (contract: {@code GET /replies/{replyId}}, {@code switchboard.outbound.status}). */
public enum ReplyStatus {
    /** Durable, not yet taken by the channel (waiting for its first attempt or a retry). */
    ACCEPTED,
    /** The channel took it. */
    SENT,
    /** The channel reports it reached the customer (SMS status callbacks). */
    DELIVERED,
    /** It will not be sent: the channel refused it, or retries were exhausted. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReplyStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether the reply reached the channel, so it belongs in the conversation's record. */
    public boolean reachedChannel() {
        return this == SENT || this == DELIVERED;
    }
}
