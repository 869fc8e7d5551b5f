package io.switchboard.channel.wechat;

import java.util.Objects;

/**
 * One configured callback receiver: an Official Account or a WeCom app, known by the {@code name} in its
 * callback URL. {@code crypto} is null for an Official Account without an EncodingAESKey (plaintext only).
 */
public record WeChatAccount(String name, Kind kind, String token, WeChatMessageCrypto crypto) {

    public enum Kind {
        OFFICIAL_ACCOUNT("official-account"),
        WECOM("wecom");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** @throws IllegalArgumentException for anything but {@code official-account} or {@code wecom} */
        public static Kind fromWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name == null ? null : name.strip())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind must be official-account or wecom, got '" + name + "'");
        }
    }

    public WeChatAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("WeChat account '" + name + "' has no token");
        }
        if (kind == Kind.WECOM && crypto == null) {
            throw new IllegalArgumentException("WeCom account '" + name
                    + "' needs encoding-aes-key and app-id (the corpid): WeCom encrypts every callback");
        }
    }

    /**
     * Builds an account from its settings.
     *
     * @param encodingAesKey null or blank for a plaintext-only Official Account
     * @param appId          appid / corpid; required whenever there is a key, since it is checked on every decryption
     * @throws IllegalArgumentException naming the account and the missing or malformed setting (never the secret)
     */
    public static WeChatAccount of(String name, Kind kind, String token, String encodingAesKey, String appId) {
        WeChatMessageCrypto crypto = null;
        if (encodingAesKey != null && !encodingAesKey.isBlank()) {
            if (appId == null || appId.isBlank()) {
                throw new IllegalArgumentException("WeChat account '" + name
                        + "' has an encoding-aes-key but no app-id: the app-id is checked at the end of every decrypted message");
            }
            try {
                crypto = new WeChatMessageCrypto(token == null ? "" : token,
                        new WeChatCipher(encodingAesKey.strip(), appId.strip()));
            } catch (WeChatCryptoException e) {
                throw new IllegalArgumentException("WeChat account '" + name + "': " + e.getMessage(), e);
            }
        }
        return new WeChatAccount(name, kind, token, crypto);
    }

    public boolean canDecrypt() {
        return crypto != null;
    }

    @Override
    public String toString() {
        return "WeChatAccount[" + name + ", " + kind.wireName() + ", aes=" + canDecrypt() + "]"; // no secrets
    }
}
