package io.switchboard.channel.wechat;

import java.util.Objects;

/**
 * One configured callback receiver: an Official Account or a WeCom app, known by the {@code name} in its
 * callback URL. {@code crypto} is null for an Official Account without an EncodingAESKey (plaintext only).
 */
public record WeChatAccount(String name, Kind kind, String token, WeChatMessageCrypto crypto, Encryption encryption) {

    /**
     * The message mode chosen in the console (消息加解密方式), which decides whether a push without
     * {@code <Encrypt>} is taken. Encrypted pushes are taken in every mode once a key is configured, so
     * switching the console never loses a push.
     */
    public enum Encryption {
        /** 明文模式: plaintext pushes, verified by {@code signature} alone (which does not cover the body). */
        PLAIN("plain"),
        /** 兼容模式, and the time of switching modes: plaintext and encrypted pushes. Needs the key. */
        COMPATIBLE("compatible"),
        /** 安全模式: every push must carry {@code <Encrypt>} under {@code msg_signature}; plaintext is refused. */
        SAFE("safe");

        private final String wireName;

        Encryption(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public boolean allowsPlaintext() {
            return this != SAFE;
        }

        /** @throws IllegalArgumentException for anything but {@code plain}, {@code compatible} or {@code safe} */
        public static Encryption fromWireName(String name) {
            for (Encryption e : values()) {
                if (e.wireName.equals(name == null ? null : name.strip())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("mode must be plain, compatible or safe, got '" + name + "'");
        }
    }

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
        Objects.requireNonNull(encryption, "encryption");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("WeChat account '" + name + "' has no token");
        }
        if (kind == Kind.WECOM && crypto == null) {
            throw new IllegalArgumentException("WeCom account '" + name
                    + "' needs encoding-aes-key and app-id (the corpid): WeCom encrypts every callback");
        }
        if (kind == Kind.WECOM && encryption != Encryption.SAFE) {
            throw new IllegalArgumentException("WeCom account '" + name + "' cannot use mode "
                    + encryption.wireName() + ": WeCom encrypts every callback, so its mode is safe");
        }
        if (encryption != Encryption.PLAIN && crypto == null) {
            throw new IllegalArgumentException("WeChat account '" + name + "' is in mode " + encryption.wireName()
                    + " but has no encoding-aes-key to decrypt its pushes");
        }
    }

    /** An account in its default mode: {@code safe} with a key, {@code plain} without. */
    public static WeChatAccount of(String name, Kind kind, String token, String encodingAesKey, String appId) {
        return of(name, kind, token, encodingAesKey, appId, null);
    }

    /**
     * Builds an account from its settings.
     *
     * @param encodingAesKey null or blank for a plaintext-only Official Account
     * @param appId          appid / corpid; required whenever there is a key, since it is checked on every decryption
     * @param mode           {@code plain}, {@code compatible}, {@code safe}, or null for the default: safe once
     *                       there is a key, because a plaintext push is only as strong as a leaked URL
     * @throws IllegalArgumentException naming the account and the missing or malformed setting (never the secret)
     */
    public static WeChatAccount of(String name, Kind kind, String token, String encodingAesKey, String appId,
                                   String mode) {
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
        Encryption encryption;
        try {
            encryption = mode == null || mode.isBlank()
                    ? (crypto == null ? Encryption.PLAIN : Encryption.SAFE)
                    : Encryption.fromWireName(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WeChat account '" + name + "': " + e.getMessage(), e);
        }
        return new WeChatAccount(name, kind, token, crypto, encryption);
    }

    public boolean canDecrypt() {
        return crypto != null;
    }

    @Override
    public String toString() {
        return "WeChatAccount[" + name + ", " + kind.wireName() + ", aes=" + canDecrypt() + ", mode="
                + encryption.wireName() + "]"; // no secrets
    }
}
