package io.switchboard.pipeline;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.RawMessage;

/**
 * Turns one channel's raw message into the shared ContactRecord envelope. Channels differ only here;
 * everything after normalisation is the same for all of them.
 */
public interface ChannelAdapter {

    Channel channel();

    /**
     * Fills the channel's fields of {@code envelope} (id, channel, receivedAt, channelMessageId and raw
     * are already set).
     *
     * @throws IllegalArgumentException when the raw message cannot be read; the message is dead-lettered
     */
    ContactRecord.Builder toContact(RawMessage raw, ContactRecord.Builder envelope);
}
