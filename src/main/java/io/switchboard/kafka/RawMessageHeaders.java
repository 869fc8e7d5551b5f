package io.switchboard.kafka;

import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** How the envelope of a {@link RawMessage} travels as Kafka record headers on {@code inbound.raw}. */
public final class RawMessageHeaders {

    public static final String CHANNEL = "sb-channel";
    public static final String RECEIVED_AT = "sb-received-at";
    public static final String CONTENT_TYPE = "sb-content-type";
    public static final String ATTRIBUTE_PREFIX = "sb-attr-";

    private RawMessageHeaders() {}

    public static Headers toHeaders(RawMessage message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CHANNEL, bytes(message.channel().wireName()));
        headers.add(RECEIVED_AT, bytes(message.receivedAt().toString()));
        headers.add(CONTENT_TYPE, bytes(message.contentType()));
        message.attributes().forEach((k, v) -> headers.add(ATTRIBUTE_PREFIX + k, bytes(v)));
        return headers;
    }

    /**
     * Reads a raw message back from a Kafka record.
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static RawMessage fromRecord(String key, Map<String, byte[]> headers, byte[] body) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("raw message has no key (channel message id)");
        }
        Channel channel = Channel.fromWireName(required(headers, CHANNEL));
        Instant receivedAt;
        try {
            receivedAt = Instant.parse(required(headers, RECEIVED_AT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("header " + RECEIVED_AT + " is not an ISO-8601 instant");
        }
        Map<String, String> attributes = new HashMap<>();
        headers.forEach((name, value) -> {
            if (name.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(name.substring(ATTRIBUTE_PREFIX.length()), new String(value, StandardCharsets.UTF_8));
            }
        });
        byte[] contentType = headers.get(CONTENT_TYPE);
        return new RawMessage(channel, key, receivedAt,
                contentType == null ? "application/octet-stream" : new String(contentType, StandardCharsets.UTF_8),
                Map.copyOf(attributes), body == null ? new byte[0] : body);
    }

    public static Map<String, byte[]> asMap(Iterable<Header> headers) {
        Map<String, byte[]> map = new HashMap<>();
        for (Header header : headers) {
            map.put(header.key(), header.value());
        }
        return map;
    }

    private static String required(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("raw message has no " + name + " header");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
