package io.switchboard.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A message exactly as a channel delivered it, with the envelope every channel shares. It is what the
 * gateway writes to {@code inbound.raw} before answering the channel, and what the pipeline reads back.
 *
 * @param attributes channel-specific envelope values (e.g. the WeChat account), never personal data
 */
public record RawMessage(
        Channel channel,
        String channelMessageId,
        Instant receivedAt,
        String contentType,
        Map<String, String> attributes,
        byte[] body) {

    /** The ContactRecord id a message will get: the same for every redelivery of the same message. */
    public String recordId() {
        return recordIdFor(channel, channelMessageId);
    }

    public static String recordIdFor(Channel channel, String channelMessageId) {
        return UUID.nameUUIDFromBytes((channel.wireName() + ":" + channelMessageId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The de-duplication key: the channel plus the provider's message id. */
    public String dedupeKey() {
        return channel.wireName() + ":" + channelMessageId;
    }
}
