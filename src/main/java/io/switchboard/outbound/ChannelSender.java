package io.switchboard.outbound;

import io.switchboard.domain.Channel;

/**
 * Sends one reply on one channel. The dispatcher calls a sender from that channel's own worker, so a call may
 * block, but never longer than the connect and read timeouts of {@code switchboard.outbound.*}. A sender keeps no
 * state about replies: retries, statuses and fallback belong to the dispatcher.
 */
public interface ChannelSender {

    Channel channel();

    /**
     * Whether the receiving side recognises a second send of the same reply (chat: {@code Idempotency-Key}; email:
     * the Message-ID derived from the reply id). Where it does not (WeChat, WeCom, SMS), sending again after an
     * attempt that {@linkplain SendOutcome.Retryable#mayHaveBeenSent() may have been sent} can reach the customer
     * twice, and the reply's status should say so.
     */
    boolean recognisesResends();

    /**
     * Checks that everything needed to send for {@code account} (a WeChat account or mailbox name; ignored by chat
     * and phone) is configured, so a reply can be refused before it is accepted.
     *
     * @throws MissingSendingSetting naming the first missing property
     */
    void requireSettings(String account);

    /**
     * One attempt. Never throws for anything the channel answers or for a network fault: those are outcomes.
     *
     * @throws MissingSendingSetting when {@link #requireSettings} would
     */
    SendOutcome send(OutboundMessage message);
}
