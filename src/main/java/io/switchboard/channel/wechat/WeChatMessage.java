package io.switchboard.channel.wechat;

import io.switchboard.channel.wechat.MalformedPayloadException.Reason;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed WeChat / WeCom {@code <xml>} body: an ordinary message, an event, or an encrypted envelope.
 *
 * <h2>Field representation</h2>
 * {@link #fields()} is an insertion-ordered map of <b>every leaf element</b>, text with CDATA unwrapped
 * and kept verbatim (not trimmed; the typed accessors trim where a value is an id or a number).
 * <ul>
 *   <li>Top-level leaves keep their element name: {@code Content}, {@code MsgId}.</li>
 *   <li>Nested elements are flattened with dotted paths: {@code ScanCodeInfo.ScanType},
 *       {@code SendLocationInfo.Label}.</li>
 *   <li>Siblings that share a name get a 0-based index, <i>only when the name repeats</i>:
 *       {@code SendPicsInfo.PicList.item.PicMd5Sum} for one picture,
 *       {@code AroundBeacons.AroundBeacon[0].Uuid}, {@code AroundBeacons.AroundBeacon[1].Uuid} for two.
 *       Code that must not care about the count should walk {@link #root()} instead.</li>
 *   <li>A container with non-blank text of its own (mixed content, not used by WeChat) also gets an
 *       entry under its own path, so nothing is silently lost.</li>
 * </ul>
 * {@link #root()} gives the same data as a tree.
 */
public final class WeChatMessage {

    /** One element: its name, its own text (CDATA unwrapped; "" for pure containers) and child elements. */
    public record Node(String name, String text, List<Node> children) {
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
            children = List.copyOf(children);
        }

        /** First child with this name, or null. */
        public Node child(String childName) {
            for (Node c : children) {
                if (c.name.equals(childName)) {
                    return c;
                }
            }
            return null;
        }
    }

    private final Node root;
    private final Map<String, String> fields;
    private final Instant createTime;

    WeChatMessage(Node root) {
        this.root = Objects.requireNonNull(root, "root");
        Map<String, String> flat = new LinkedHashMap<>();
        flatten(root.children(), "", flat);
        this.fields = Collections.unmodifiableMap(flat);
        String ct = trimmed("CreateTime");
        if (ct == null) {
            this.createTime = null;
        } else {
            try {
                this.createTime = Instant.ofEpochSecond(Long.parseLong(ct));
            } catch (NumberFormatException | DateTimeException e) {
                throw new MalformedPayloadException(Reason.INVALID_FIELD,
                        "CreateTime must be Unix seconds (an integer within Java's time range), got '" + abbreviate(ct) + "'", e);
            }
        }
    }

    private static void flatten(List<Node> nodes, String prefix, Map<String, String> out) {
        Map<String, Integer> counts = new HashMap<>();
        for (Node n : nodes) {
            counts.merge(n.name(), 1, Integer::sum);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Node n : nodes) {
            String key = prefix + n.name();
            if (counts.get(n.name()) > 1) {
                int i = seen.merge(n.name(), 1, Integer::sum) - 1;
                key = key + "[" + i + "]";
            }
            if (n.children().isEmpty()) {
                out.put(key, n.text());
            } else {
                if (!n.text().isBlank()) {
                    out.put(key, n.text());
                }
                flatten(n.children(), key + ".", out);
            }
        }
    }

    /** The {@code <xml>} element as a tree. */
    public Node root() {
        return root;
    }

    /** All leaf values by (dotted) name, in document order. Unmodifiable. */
    public Map<String, String> fields() {
        return fields;
    }

    /** Raw value of a field (see {@link #fields()} for naming), or null when absent. */
    public String get(String name) {
        return fields.get(name);
    }

    /** True when the field is present, even with an empty value. */
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    private String trimmed(String name) {
        String v = fields.get(name);
        return v == null ? null : v.strip();
    }

    /** The account's original id ({@code gh_…}) or, for WeCom, the corpid. */
    public String toUserName() {
        return trimmed("ToUserName");
    }

    /** Sender: OpenID for Official Accounts, UserID for WeCom. */
    public String fromUserName() {
        return trimmed("FromUserName");
    }

    /** {@code CreateTime} as an instant, or null when absent (encrypted envelopes). */
    public Instant createTime() {
        return createTime;
    }

    /** {@code CreateTime} as sent (Unix seconds), or null. */
    public String createTimeRaw() {
        return trimmed("CreateTime");
    }

    public String msgType() {
        return trimmed("MsgType");
    }

    /**
     * {@code MsgId} of an ordinary message, or null. Note: {@code MsgID} (capital D) in
     * MASSSENDJOBFINISH / TEMPLATESENDJOBFINISH is the id of the job, not of this push, and is not returned.
     */
    public String msgId() {
        return trimmed("MsgId");
    }

    public String event() {
        return trimmed("Event");
    }

    public String eventKey() {
        return trimmed("EventKey");
    }

    /** {@code Content} verbatim (user text is not trimmed), or null. */
    public String content() {
        return get("Content");
    }

    /** {@code UnionId} (or {@code UnionID}) when WeChat includes it, else null. */
    public String unionId() {
        String v = trimmed("UnionId");
        return v != null ? v : trimmed("UnionID");
    }

    /** WeCom application id ({@code AgentID}), or null. */
    public String agentId() {
        return trimmed("AgentID");
    }

    /** Base64 ciphertext of a safe-mode / WeCom envelope, or null. */
    public String encrypt() {
        return trimmed("Encrypt");
    }

    /** True when the body carries {@code <Encrypt>} (safe mode, compatible mode, WeCom). */
    public boolean isEncrypted() {
        return encrypt() != null;
    }

    /** True when this is an envelope only: {@code <Encrypt>} and no plaintext {@code MsgType}. */
    public boolean isEnvelopeOnly() {
        return isEncrypted() && msgType() == null;
    }

    /**
     * True for pushes that report something that happened rather than something the user sent:
     * {@code MsgType=event}, and the hardware-device types ({@code device_event}, {@code device_text}, …)
     * which wechatpy also models as events.
     */
    public boolean isEvent() {
        String t = msgType();
        return t != null && (t.equalsIgnoreCase("event") || t.startsWith("device_"));
    }

    /**
     * Key for at-least-once de-duplication of WeChat's retries (up to 3 re-sends, docs/protocols.md §1.5).
     *
     * <ul>
     *   <li>{@code MsgId} when present (ordinary messages);</li>
     *   <li>else {@code FromUserName#CreateTime}, plus {@code #Event} when there is an Event. The docs name
     *       only FromUserName + CreateTime, but one user action can produce two different events in the same
     *       second (e.g. LOCATION reported on entering the chat plus a CLICK, or subscribe followed by
     *       scancode_waitmsg); without the Event part the second would be dropped as a "retry". A real
     *       retry repeats the Event, so adding it never lets a duplicate through;</li>
     *   <li>null when neither is available (an encrypted envelope: decrypt first).</li>
     * </ul>
     * The key is unique within one account only; scope it by account (e.g. ToUserName / AgentID) when
     * several accounts share a store, since WeCom UserIDs repeat across corporations.
     */
    public String dedupeKey() {
        String id = msgId();
        if (id != null && !id.isEmpty()) {
            return id;
        }
        String from = fromUserName();
        String ct = createTimeRaw();
        if (from == null || ct == null) {
            return null;
        }
        String ev = event();
        return ev == null || ev.isEmpty() ? from + "#" + ct : from + "#" + ct + "#" + ev;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    @Override
    public String toString() {
        // No field values: Content and OpenIDs are personal data and toString() ends up in logs.
        return "WeChatMessage[msgType=" + msgType() + ", event=" + event() + ", fields=" + fields.size() + "]";
    }
}
