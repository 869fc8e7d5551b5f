package io.switchboard.channel.wechat;

import io.switchboard.channel.wechat.WeChatContactSummary.Attachment;
import io.switchboard.channel.wechat.WeChatContactSummary.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed {@link WeChatMessage} into a {@link WeChatContactSummary}. Every MsgType and Event
 * maps to a non-empty text; types this class does not know are kept under their own name
 * ({@code "[notsure]"}, {@code "[event future_thing] KEY"}), never dropped.
 *
 * <table>
 *   <caption>Messages</caption>
 *   <tr><th>MsgType</th><th>text</th><th>attachments / subject</th></tr>
 *   <tr><td>text</td><td>Content ("[text]" if blank)</td><td>–</td></tr>
 *   <tr><td>image</td><td>"[image] " + PicUrl</td><td>image(MediaId, url=PicUrl)</td></tr>
 *   <tr><td>voice</td><td>Recognition if non-blank, else "[voice]"</td><td>voice(MediaId, format=Format)</td></tr>
 *   <tr><td>video / shortvideo</td><td>"[video]" / "[shortvideo]"</td><td>video|shortvideo(MediaId, thumb=ThumbMediaId)</td></tr>
 *   <tr><td>location</td><td>"[location] Label (Location_X,Location_Y)"</td><td>–</td></tr>
 *   <tr><td>link</td><td>Title, Description, Url on separate lines</td><td>subject = Title</td></tr>
 *   <tr><td>anything else</td><td>"[type]" + " " + Content if present</td><td>–</td></tr>
 * </table>
 *
 * <p>Events render as {@code "[event NAME]"} followed by the detail that identifies them (EventKey,
 * coordinates, kf account, …); device pushes ({@code device_event}, {@code device_text}) render as
 * {@code "[device_event bind] Content"}. Encrypted envelopes must be decrypted first.
 *
 * <p>Stateless and thread-safe.
 */
public final class WeChatContentMapper {

    /** Fields that are already represented elsewhere in the summary or in {@link WeChatMessage}. */
    private static final Set<String> HEADER = Set.of(
            "ToUserName", "FromUserName", "CreateTime", "MsgType", "MsgId", "Event", "Content", "Encrypt");

    private static final String QR_SCENE_PREFIX = "qrscene_";

    public WeChatContactSummary map(WeChatMessage m) {
        if (m.isEnvelopeOnly()) {
            throw new IllegalArgumentException(
                    "encrypted envelope has no plaintext fields: decrypt it with WeChatMessageCrypto before mapping");
        }
        String rawType = m.msgType();
        String type = rawType == null || rawType.isEmpty() ? "unknown" : rawType;
        Map<String, String> entities = new LinkedHashMap<>();
        m.fields().forEach((k, v) -> {
            if (!HEADER.contains(k)) {
                entities.put(k, v);
            }
        });
        if (m.isEvent()) {
            return mapEvent(m, type, entities);
        }
        List<Attachment> attachments = new ArrayList<>();
        String subject = null;
        String text;
        switch (type.toLowerCase(Locale.ROOT)) {
            case "text" -> text = isBlank(m.content()) ? "[text]" : m.content();
            case "image" -> {
                String url = trimmed(m, "PicUrl");
                text = join("[image]", url);
                attachments.add(new Attachment("image", trimmed(m, "MediaId"), url, null, null));
            }
            case "voice" -> {
                // Current docs spell it Recognition; very old docs wrote "Recongnition" (docs/protocols.md §1.2).
                String recognition = firstNonBlank(m.get("Recognition"), m.get("Recongnition"));
                if (recognition != null) {
                    entities.put("recognition", recognition.strip());
                }
                text = recognition != null ? recognition.strip() : "[voice]";
                attachments.add(new Attachment("voice", trimmed(m, "MediaId"), null, trimmed(m, "Format"), null));
            }
            case "video", "shortvideo" -> {
                String t = type.toLowerCase(Locale.ROOT);
                text = "[" + t + "]";
                attachments.add(new Attachment(t, trimmed(m, "MediaId"), null, null, trimmed(m, "ThumbMediaId")));
            }
            case "location" -> {
                String lat = trimmed(m, "Location_X");
                String lng = trimmed(m, "Location_Y");
                String label = trimmed(m, "Label");
                putIfPresent(entities, "latitude", lat);
                putIfPresent(entities, "longitude", lng);
                putIfPresent(entities, "label", label);
                text = join("[location]", label, coordinates(lat, lng));
            }
            case "link" -> {
                subject = trimmed(m, "Title");
                String lines = joinWith("\n", subject, trimmed(m, "Description"), trimmed(m, "Url"));
                text = lines.isEmpty() ? "[link]" : lines;
            }
            default -> text = join("[" + type + "]", m.content());
        }
        return new WeChatContactSummary(Kind.MESSAGE, type, null, text, subject, attachments, entities);
    }

    private WeChatContactSummary mapEvent(WeChatMessage m, String type, Map<String, String> entities) {
        String event = m.event();
        boolean plainEvent = type.equalsIgnoreCase("event");
        String label = plainEvent
                ? "[event " + (isBlank(event) ? "unknown" : event) + "]"
                : "[" + type + (isBlank(event) ? "" : " " + event) + "]";
        String key = m.eventKey();
        String detail;
        String name = event == null ? "" : event.toLowerCase(Locale.ROOT);
        switch (name) {
            case "subscribe" -> {
                if (key != null && key.startsWith(QR_SCENE_PREFIX)) {
                    entities.put("qrScene", key.substring(QR_SCENE_PREFIX.length()));
                }
                detail = key;
            }
            case "scan" -> {
                putIfPresent(entities, "qrScene", key);
                detail = key;
            }
            case "unsubscribe" -> detail = null;
            case "location" -> {
                String lat = trimmed(m, "Latitude");
                String lng = trimmed(m, "Longitude");
                putIfPresent(entities, "latitude", lat);
                putIfPresent(entities, "longitude", lng);
                putIfPresent(entities, "precision", trimmed(m, "Precision"));
                detail = coordinates(lat, lng);
            }
            case "kf_create_session", "kf_close_session" -> {
                String kf = trimmed(m, "KfAccount");
                putIfPresent(entities, "kfAccount", kf);
                detail = kf;
            }
            case "kf_switch_session" -> {
                String from = trimmed(m, "FromKfAccount");
                String to = trimmed(m, "ToKfAccount");
                putIfPresent(entities, "fromKfAccount", from);
                putIfPresent(entities, "toKfAccount", to);
                detail = (from == null ? "?" : from) + " -> " + (to == null ? "?" : to);
            }
            case "scancode_push", "scancode_waitmsg" -> {
                String result = trimmed(m, "ScanCodeInfo.ScanResult");
                putIfPresent(entities, "scanResult", result);
                String scanType = trimmed(m, "ScanCodeInfo.ScanType");
                String scan = result == null ? null : scanType == null ? result : scanType + ": " + result;
                detail = join(null, key, scan);
            }
            case "pic_sysphoto", "pic_photo_or_album", "pic_weixin" -> {
                String count = trimmed(m, "SendPicsInfo.Count");
                detail = join(null, key, count == null ? null : "(" + count + " picture(s))");
            }
            case "location_select" -> {
                String lat = trimmed(m, "SendLocationInfo.Location_X");
                String lng = trimmed(m, "SendLocationInfo.Location_Y");
                String place = trimmed(m, "SendLocationInfo.Label");
                putIfPresent(entities, "latitude", lat);
                putIfPresent(entities, "longitude", lng);
                putIfPresent(entities, "label", place);
                detail = join(null, key, place, coordinates(lat, lng));
            }
            default -> detail = firstNonBlank(key, trimmed(m, "Status"));
        }
        String text = join(label, detail);
        if (!plainEvent) {
            text = join(text, m.content()); // device_text / device_event carry Content
        }
        return new WeChatContactSummary(Kind.EVENT, type, event, text, null, List.of(), entities);
    }

    private static String coordinates(String lat, String lng) {
        if (lat == null && lng == null) {
            return null;
        }
        return "(" + (lat == null ? "?" : lat) + "," + (lng == null ? "?" : lng) + ")";
    }

    private static String trimmed(WeChatMessage m, String field) {
        String v = m.get(field);
        if (v == null) {
            return null;
        }
        v = v.strip();
        return v.isEmpty() ? null : v;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (!isBlank(v)) {
                return v;
            }
        }
        return null;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (!isBlank(value)) {
            map.put(key, value);
        }
    }

    /** Joins the non-blank parts with single spaces; "" when all are blank. */
    private static String join(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return joinWith(" ", all);
    }

    private static String joinWith(String sep, String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (isBlank(p)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(sep);
            }
            sb.append(p.strip());
        }
        return sb.toString();
    }
}
