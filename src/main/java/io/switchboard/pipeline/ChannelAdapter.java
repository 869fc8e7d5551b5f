package io.switchboard.pipeline;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.RawMessage;
import java.util.Optional;

/**
 * Turns one channel's raw message into the shared ContactRecord envelope. Channels differ only here;
 * everything after normalisation is the same for all of them.
 */
public interface ChannelAdapter {

    Channel channel();

    /**
     * Fills the channel's fields of {@code envelope} (id, channel, receivedAt, channelMessageId and raw
     * are already set), or returns empty for a message that is kept but is no contact of its own (an
     * intermediate call-progress event, say).
     *
     * @throws IllegalArgumentException when the raw message cannot be read; the message is dead-lettered
     */
    Optional<ContactRecord.Builder> toContact(RawMessage raw, ContactRecord.Builder envelope);
}
