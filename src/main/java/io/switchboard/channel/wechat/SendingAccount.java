package io.switchboard.channel.wechat;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.outbound.MissingSendingSetting;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What sending needs of one {@code switchboard.wechat.accounts.<name>}: its kind, app-id (the corpid for WeCom),
 * app-secret and, for WeCom, agent-id. Read per reply, so an account without them still receives callbacks.
 */
record SendingAccount(String name, WeChatAccount.Kind kind, String appId, String appSecret, OptionalLong agentId) {

    private static final String PREFIX = "switchboard.wechat.accounts.";

    /** @throws MissingSendingSetting naming the first setting sending needs that is not there */
    static SendingAccount of(String name, Map<String, SwitchboardConfig.WechatAccount> accounts) {
        SwitchboardConfig.WechatAccount account = name == null ? null : accounts.get(name);
        if (account == null) {
            throw new MissingSendingSetting(PREFIX + (name == null ? "<name>" : name) + ".kind",
                    "no WeChat account " + (name == null ? "was named for this reply" : "'" + name + "' is configured"));
        }
        WeChatAccount.Kind kind;
        try {
            kind = WeChatAccount.Kind.fromWireName(account.kind());
        } catch (IllegalArgumentException e) {
            throw new MissingSendingSetting(PREFIX + name + ".kind", e.getMessage());
        }
        boolean wecom = kind == WeChatAccount.Kind.WECOM;
        String appId = account.appId().filter(s -> !s.isBlank()).map(String::strip).orElseThrow(
                () -> new MissingSendingSetting(PREFIX + name + ".app-id",
                        wecom ? "the corpid gets WeCom access tokens" : "the appid gets access tokens"));
        String secret = account.appSecret().filter(s -> !s.isBlank()).map(String::strip).orElseThrow(
                () -> new MissingSendingSetting(PREFIX + name + ".app-secret", "access tokens are got with it"));
        OptionalLong agentId = account.agentId().map(OptionalLong::of).orElse(OptionalLong.empty());
        if (wecom && agentId.isEmpty()) {
            throw new MissingSendingSetting(PREFIX + name + ".agent-id", "WeCom sends as an app, named by its agentid");
        }
        return new SendingAccount(name, kind, appId, secret, agentId);
    }

    /** Accounts of one app share one token, whatever they are called here. */
    String tokenKey() {
        return kind.wireName() + ":" + appId + (agentId.isPresent() ? ":" + agentId.getAsLong() : "");
    }
}
