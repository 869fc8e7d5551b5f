package io.switchboard.channel.wechat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Channel-neutral summary of one WeChat push, ready to be copied onto a contact record.
 *
 * @param kind        MESSAGE (the user sent something) or EVENT (something happened)
 * @param type        the WeChat MsgType as sent ("text", "event", "notsure", …); "unknown" if absent
 * @param event       the Event value for events, else null
 * @param text        human-readable one-line-ish rendering, never empty
 * @param subject     a title where the type has one (link Title), else null
 * @param attachments media metadata (never the media itself)
 * @param entities    type-specific values: raw WeChat fields under their WeChat names (flattened, see
 *                    {@link WeChatMessage#fields()}), plus a few derived values in lowerCamelCase
 *                    ({@code latitude}, {@code longitude}, {@code qrScene}, {@code recognition}, …)
 */
public record WeChatContactSummary(Kind kind, String type, String event, String text, String subject,
                                   List<Attachment> attachments, Map<String, String> entities) {

    public enum Kind { MESSAGE, EVENT }

    /**
     * Media reference. Any component may be null.
     *
     * @param type         image, voice, video, shortvideo
     * @param mediaId      temporary media id (download via the media API; expires after 3 days)
     * @param url          direct URL when WeChat gives one (PicUrl)
     * @param format       audio format for voice (amr, speex, …)
     * @param thumbMediaId thumbnail media id for video / shortvideo
     */
    public record Attachment(String type, String mediaId, String url, String format, String thumbMediaId) {
        public Attachment {
            Objects.requireNonNull(type, "type");
        }
    }

    public WeChatContactSummary {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("text must not be empty");
        }
        attachments = List.copyOf(attachments);
        entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
    }
}
