package io.switchboard.channel.wechat;

import io.switchboard.config.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The accounts of {@code switchboard.wechat.accounts.<name>.*}, checked once at start so a missing key or
 * a mistyped kind stops the gateway with a clear message instead of failing WeChat's first push.
 */
@Singleton
public class WeChatAccounts {

    private final Map<String, WeChatAccount> byName = new TreeMap<>();

    @Inject
    public WeChatAccounts(SwitchboardConfig config) {
        config.wechat().accounts().forEach((name, a) -> {
            WeChatAccount.Kind kind;
            try {
                kind = WeChatAccount.Kind.fromWireName(a.kind());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("switchboard.wechat.accounts." + name + ".kind: " + e.getMessage());
            }
            byName.put(name, WeChatAccount.of(name, kind, a.token(), a.encodingAesKey().orElse(null),
                    a.appId().orElse(null), a.mode().orElse(null)));
        });
    }

    public Optional<WeChatAccount> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }
}
