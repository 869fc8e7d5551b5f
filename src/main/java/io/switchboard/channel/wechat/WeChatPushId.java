package io.switchboard.channel.wechat;

import java.util.Objects;

/**
 * What a push's signature covers besides the token: its {@code timestamp} and {@code nonce}, scoped to the
 * account. WeChat's retries of one push repeat all three; a new push gets a new nonce.
 *
 * @param timestamp Unix seconds, as sent
 */
public record WeChatPushId(String account, long timestamp, String nonce) {

    public WeChatPushId {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(nonce, "nonce");
    }
}
