package io.switchboard.outbound;

import io.switchboard.domain.Channel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * How much one reply may carry on each channel, checked before a reply is accepted so a reply the channel would
 * refuse or cut off is answered 422 instead. Where the number is the channel's, its source is named; where the
 * channel has none, the bound is the gateway's own and says why.
 */
public final class ChannelLimits {

    public enum Unit {
        /** Unicode code points. */
        CHARACTERS,
        UTF8_BYTES
    }

    /** The most text one message may carry on a channel, in {@code unit}, and where that number comes from. */
    public record TextLimit(int max, Unit unit, String source) {

        public int measure(String text) {
            return unit == Unit.UTF8_BYTES ? text.getBytes(StandardCharsets.UTF_8).length
                    : text.codePointCount(0, text.length());
        }

        public String describe() {
            return max + (unit == Unit.UTF8_BYTES ? " UTF-8 bytes" : " characters") + " (" + source + ")";
        }
    }

    /** A reply over a limit; {@code field} is the request field to name in the 422. */
    public record Exceeded(String field, String message) {}

    /**
     * WeChat: WeCom documents 2048 bytes for a text application message ("发送应用消息": 最长不超过2048个字节, longer
     * is cut off); the Official Account customer-service API answers 45002 "content size out of limit" above the
     * same 2048 bytes (not in its documentation; measured and reported on developers.weixin.qq.com).
     */
    public static final TextLimit WECHAT = new TextLimit(2048, Unit.UTF8_BYTES,
            "WeChat: WeCom text messages, Official Account errcode 45002 above it");
    /** Twilio Messages API: {@code Body} up to 1,600 characters, error 21617 above (twilio.com/docs/api/errors/21617). */
    public static final TextLimit SMS = new TextLimit(1600, Unit.CHARACTERS, "Twilio Messages API Body, error 21617");
    /** The chat reply contract is Switchboard's own; longer answers belong in email. */
    public static final TextLimit CHAT = new TextLimit(10_000, Unit.CHARACTERS, "Switchboard's chat reply contract");
    /**
     * SMTP has no body limit; this one keeps a reply command with its attachments within one Kafka record
     * (1 MiB by default): 100,000 characters are at most 400,000 UTF-8 bytes.
     */
    public static final TextLimit EMAIL = new TextLimit(100_000, Unit.CHARACTERS,
            "Switchboard: a reply command fits one Kafka record");

    /** Email attachments: at most this many, */
    public static final int MAX_ATTACHMENTS = 10;
    /** and this many bytes together (512 KiB once base64 in the command, next to at most 400,000 bytes of text). */
    public static final int MAX_ATTACHMENT_BYTES = 384 * 1024;

    private ChannelLimits() {}

    public static TextLimit text(Channel channel) {
        return switch (channel) {
            case CHAT -> CHAT;
            case WECHAT -> WECHAT;
            case PHONE -> SMS;
            case EMAIL -> EMAIL;
        };
    }

    /** The first limit the reply is over, if any. */
    public static Optional<Exceeded> check(Channel channel, String text, List<OutboundMessage.Attachment> attachments) {
        if (text == null || text.isBlank()) {
            return Optional.of(new Exceeded("text", "a reply needs text"));
        }
        TextLimit limit = text(channel);
        int size = limit.measure(text);
        if (size > limit.max()) {
            return Optional.of(new Exceeded("text", "text is " + size + (limit.unit() == Unit.UTF8_BYTES
                    ? " UTF-8 bytes" : " characters") + "; " + channel.wireName() + " takes at most "
                    + limit.describe()));
        }
        List<OutboundMessage.Attachment> files = attachments == null ? List.of() : attachments;
        if (files.isEmpty()) {
            return Optional.empty();
        }
        if (channel != Channel.EMAIL) {
            return Optional.of(new Exceeded("attachments", "attachments are sent by email only, not by "
                    + channel.wireName()));
        }
        if (files.size() > MAX_ATTACHMENTS) {
            return Optional.of(new Exceeded("attachments", files.size() + " attachments; at most "
                    + MAX_ATTACHMENTS + " per reply"));
        }
        long bytes = files.stream().mapToLong(a -> a.content().length).sum();
        if (bytes > MAX_ATTACHMENT_BYTES) {
            return Optional.of(new Exceeded("attachments", "attachments are " + bytes + " bytes together; at most "
                    + MAX_ATTACHMENT_BYTES + " bytes (a reply command must fit one Kafka record)"));
        }
        return Optional.empty();
    }
}
