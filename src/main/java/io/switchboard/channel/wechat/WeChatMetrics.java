package io.switchboard.channel.wechat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
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

    /**
     * @param reason a short fixed word: unknown-account, signature, stale-timestamp, replayed-signature,
     *               plaintext-refused, in-flight, payload, decrypt, too-large, misconfigured, error
     */
    public void rejected(String account, String reason) {
        counters.computeIfAbsent("x|" + account + '|' + reason, k -> Counter.builder("switchboard.wechat.rejected")
                .description("WeChat callbacks refused, per account and reason")
                .tag("account", account).tag("reason", reason).register(registry)).increment();
    }

    /** A push already stored arrived again with the same signature and message, and was not stored again. */
    public void repeated(String account) {
        counters.computeIfAbsent("p|" + account, k -> Counter.builder("switchboard.wechat.repeats")
                .description("WeChat pushes answered success without storing: a retry or replay of one already stored")
                .tag("account", account).register(registry)).increment();
    }

    /** How full the replay cache is, and how often it had to forget an entry early (then raise its size). */
    public void watch(WeChatReplayGuard guard) {
        // a registry that outlives the application (Micrometer's global one, when tests restart the app in one
        // JVM) would otherwise keep reporting the first guard it was given, weakly held and long gone
        for (String name : List.of("switchboard.wechat.replay.cache.entries", "switchboard.wechat.replay.cache.evictions")) {
            registry.find(name).meters().forEach(registry::remove);
        }
        Gauge.builder("switchboard.wechat.replay.cache.entries", guard, WeChatReplayGuard::size)
                .description("Signed WeChat pushes remembered by this instance").register(registry);
        FunctionCounter.builder("switchboard.wechat.replay.cache.evictions", guard, WeChatReplayGuard::evictions)
                .description("Remembered pushes dropped before their timestamp window ended because the cache was full")
                .register(registry);
    }
}
