package io.switchboard.channel.wechat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WeChat intake per account and message type ({@code switchboard_wechat_received_total{account,msgType}})
 * and refusals per account and reason. Tag values come from configuration or a fixed list, never from
 * what a caller sends, so a hostile caller cannot grow the number of series.
 */
@Singleton
public class WeChatMetrics {

    /** Account tag for requests to an account that is not configured. */
    public static final String UNKNOWN_ACCOUNT = "(unknown)";

    private static final Set<String> KNOWN_TYPES = Set.of("text", "image", "voice", "video", "shortvideo",
            "location", "link", "file", "miniprogrampage", "event", "device_event", "device_text", "device_status");

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public WeChatMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void received(String account, String msgType) {
        String type = msgType == null ? "other" : msgType.toLowerCase(Locale.ROOT);
        String tag = KNOWN_TYPES.contains(type) ? type : "other";
        counters.computeIfAbsent("r|" + account + '|' + tag, k -> Counter.builder("switchboard.wechat.received")
                .description("WeChat pushes stored durably, per account and MsgType")
                .tag("account", account).tag("msgType", tag).register(registry)).increment();
    }

    /** @param reason a short fixed word: unknown-account, signature, payload, decrypt, too-large, unavailable */
    public void rejected(String account, String reason) {
        counters.computeIfAbsent("x|" + account + '|' + reason, k -> Counter.builder("switchboard.wechat.rejected")
                .description("WeChat callbacks refused, per account and reason")
                .tag("account", account).tag("reason", reason).register(registry)).increment();
    }
}
