package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channel.wechat.WeChatCryptoException.Reason;
import org.junit.jupiter.api.Test;

class WeChatMessageCryptoTest {

    private final WeChatXmlParser parser = new WeChatXmlParser();

    @Test
    void shouldVerifyAndDecryptTencentMpSamplePost() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(B_TOKEN, new WeChatCipher(B_KEY, B_APPID));
        assertThat(crypto.decrypt(B_MSG_SIGNATURE, B_TIMESTAMP, B_NONCE, B_ENCRYPT)).isEqualTo(B_PLAINTEXT);
    }

    @Test
    void shouldVerifyAndDecryptWeComSamplePost() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(E_TOKEN, new WeChatCipher(E_KEY, E_CORP_ID));
        WeChatMessage envelope = parser.parse("<xml><ToUserName><![CDATA[" + E_CORP_ID + "]]></ToUserName>"
                + "<AgentID><![CDATA[218]]></AgentID><Encrypt><![CDATA[" + E_POST_ENCRYPT + "]]></Encrypt></xml>");
        WeChatMessage inner = crypto.decryptMessage(E_POST_SIGNATURE, E_POST_TIMESTAMP, E_POST_NONCE, envelope, parser);
        assertThat(inner.content()).isEqualTo("hello");
        assertThat(inner.fromUserName()).isEqualTo("mycreate");
        assertThat(inner.agentId()).isEqualTo("218");
        assertThat(inner.msgId()).isEqualTo("4561255354251345929");
    }

    @Test
    void shouldDecryptWechatpyDecryptFixtureEnvelope() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(D_TOKEN, new WeChatCipher(D_KEY, D_CORP_ID));
        WeChatMessage envelope = parser.parse(readFixture("official-account/crypto__decrypt_message.xml"));
        WeChatMessage inner = crypto.decryptMessage(D_DECRYPT_SIGNATURE, D_TIMESTAMP, D_NONCE, envelope, parser);
        assertThat(inner.content()).isEqualTo("test");
        assertThat(inner.fromUserName()).isEqualTo("messense");
        assertThat(inner.msgId()).isEqualTo("4363689963896700987");
    }

    @Test
    void shouldReproduceWechatpyEncryptedReplyEnvelopeExactly() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(D_TOKEN,
                new WeChatCipher(D_KEY, D_CORP_ID, fixedRandom(D_RANDOM)));
        String envelope = crypto.encryptReply(D_PLAINTEXT, D_TIMESTAMP, D_NONCE);
        // wechatpy's expected string was extracted unchanged into this fixture.
        assertThat(envelope).isEqualTo(readFixture("official-account/crypto__encrypt_message_2.xml").strip());
        WeChatMessage parsed = parser.parse(envelope);
        assertThat(parsed.encrypt()).isEqualTo(D_ENCRYPT);
        assertThat(parsed.get("MsgSignature")).isEqualTo(D_MSG_SIGNATURE);
        // and the plaintext inside is the other wechatpy fixture
        assertThat(crypto.cipher().decrypt(parsed.encrypt()))
                .isEqualTo(readFixture("official-account/crypto__encrypt_message_1.xml").strip());
    }

    @Test
    void shouldRejectForgedMsgSignatureBeforeDecrypting() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(E_TOKEN, new WeChatCipher(E_KEY, E_CORP_ID));
        assertThatThrownBy(() -> crypto.decrypt(E_GET_SIGNATURE, E_POST_TIMESTAMP, E_POST_NONCE, E_POST_ENCRYPT))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
        // garbage ciphertext with a wrong signature reports the signature, not the garbage
        assertThatThrownBy(() -> crypto.decrypt(E_POST_SIGNATURE, E_POST_TIMESTAMP, E_POST_NONCE, "!!!"))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void shouldRejectReplayWithDifferentTimestamp() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(E_TOKEN, new WeChatCipher(E_KEY, E_CORP_ID));
        assertThatThrownBy(() -> crypto.decrypt(E_POST_SIGNATURE, "1409659814", E_POST_NONCE, E_POST_ENCRYPT))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void shouldRoundTripChineseReplyThroughOwnDecrypt() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(E_TOKEN, new WeChatCipher(E_KEY, E_CORP_ID));
        String reply = "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[您好，客服稍后回复]]></Content></xml>";
        WeChatMessage env = parser.parse(crypto.encryptReply(reply, "1409659813", "abc123"));
        String inner = crypto.decrypt(env.get("MsgSignature"), env.get("TimeStamp"), env.get("Nonce"), env.encrypt());
        assertThat(inner).isEqualTo(reply);
    }

    @Test
    void shouldRefuseReplyNonceThatWouldBreakTheEnvelope() {
        WeChatMessageCrypto crypto = new WeChatMessageCrypto(E_TOKEN, new WeChatCipher(E_KEY, E_CORP_ID));
        assertThatThrownBy(() -> crypto.encryptReply("<xml/>", "1", "]]><Evil/>"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
