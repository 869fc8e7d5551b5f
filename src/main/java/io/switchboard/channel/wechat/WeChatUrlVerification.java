package io.switchboard.channel.wechat;

import io.switchboard.channel.wechat.WeChatCryptoException.Reason;

/**
 * Answers the GET that WeChat / WeCom send when a callback URL is saved (docs/protocols.md §1.1, §2).
 * Query parameters must already be URL-decoded (Base64 {@code +/=} arrive percent-encoded).
 * The returned string is the exact response body: no quotes, BOM or trailing newline.
 */
public final class WeChatUrlVerification {

    private WeChatUrlVerification() {
    }

    /**
     * Official Account: checks {@code signature} = SHA-1(sort(token, timestamp, nonce)) and returns
     * {@code echostr} unchanged (it is plaintext in every mode).
     *
     * @throws WeChatCryptoException SIGNATURE_MISMATCH
     */
    public static String officialAccount(String token, String signature, String timestamp, String nonce,
                                         String echostr) {
        if (echostr == null) {
            throw new IllegalArgumentException("echostr is missing");
        }
        if (!WeChatSignatures.verifySignature(token, timestamp, nonce, signature)) {
            throw new WeChatCryptoException(Reason.SIGNATURE_MISMATCH,
                    "signature does not match token, timestamp and nonce");
        }
        return echostr;
    }

    /**
     * WeCom: checks {@code msg_signature} = SHA-1(sort(token, timestamp, nonce, echostr)), then decrypts
     * {@code echostr} (checking the corpid / receive id at its end) and returns the plaintext.
     *
     * @throws WeChatCryptoException SIGNATURE_MISMATCH or a decryption reason
     */
    public static String weCom(String token, WeChatCipher cipher, String msgSignature, String timestamp,
                               String nonce, String echostr) {
        if (echostr == null) {
            throw new IllegalArgumentException("echostr is missing");
        }
        return new WeChatMessageCrypto(token, cipher).decrypt(msgSignature, timestamp, nonce, echostr);
    }
}
