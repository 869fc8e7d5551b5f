package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeChatSignaturesTest {

    @Test
    void shouldReproduceWechatpyUrlSignatureVector() {
        assertThat(WeChatSignatures.signature(SIG_TOKEN, SIG_TIMESTAMP, SIG_NONCE)).isEqualTo(SIG_EXPECTED);
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, SIG_TIMESTAMP, SIG_NONCE, SIG_EXPECTED)).isTrue();
    }

    @Test
    void shouldSortInputsSoArgumentOrderDoesNotMatter() {
        assertThat(WeChatSignatures.sha1OfSorted("test", "test", "1410685589")).isEqualTo(SIG_EXPECTED);
        assertThat(WeChatSignatures.sha1OfSorted("1410685589", "test", "test")).isEqualTo(SIG_EXPECTED);
    }

    @Test
    void shouldReproduceTencentMpSampleMsgSignature() {
        assertThat(WeChatSignatures.msgSignature(B_TOKEN, B_TIMESTAMP, B_NONCE, B_ENCRYPT))
                .isEqualTo(B_MSG_SIGNATURE);
    }

    @Test
    void shouldReproduceWechatpyEnterpriseMsgSignature() {
        assertThat(WeChatSignatures.msgSignature(D_TOKEN, D_TIMESTAMP, D_NONCE, D_ENCRYPT))
                .isEqualTo(D_MSG_SIGNATURE);
        assertThat(WeChatSignatures.msgSignature(D_TOKEN, D_GET_TIMESTAMP, D_GET_NONCE, D_GET_ECHOSTR))
                .isEqualTo(D_GET_SIGNATURE);
    }

    @Test
    void shouldReproduceWeComSampleMsgSignatures() {
        assertThat(WeChatSignatures.msgSignature(E_TOKEN, E_GET_TIMESTAMP, E_GET_NONCE, E_GET_ECHOSTR))
                .isEqualTo(E_GET_SIGNATURE);
        assertThat(WeChatSignatures.msgSignature(E_TOKEN, E_POST_TIMESTAMP, E_POST_NONCE, E_POST_ENCRYPT))
                .isEqualTo(E_POST_SIGNATURE);
    }

    @Test
    void shouldRejectForgedSignature() {
        String forged = "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe";
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, SIG_TIMESTAMP, SIG_NONCE, forged)).isFalse();
        assertThat(WeChatSignatures.verifySignature("other-token", SIG_TIMESTAMP, SIG_NONCE, SIG_EXPECTED)).isFalse();
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, "1410685590", SIG_NONCE, SIG_EXPECTED)).isFalse();
        assertThat(WeChatSignatures.verifyMsgSignature(E_TOKEN, E_POST_TIMESTAMP, E_POST_NONCE,
                E_POST_ENCRYPT.replace('R', 'S'), E_POST_SIGNATURE)).isFalse();
    }

    @Test
    void shouldRejectMissingOrTruncatedSignature() {
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, SIG_TIMESTAMP, SIG_NONCE, null)).isFalse();
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, SIG_TIMESTAMP, null, SIG_EXPECTED)).isFalse();
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, SIG_TIMESTAMP, SIG_NONCE, "")).isFalse();
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, SIG_TIMESTAMP, SIG_NONCE,
                SIG_EXPECTED.substring(0, 39))).isFalse();
    }

    @Test
    void shouldAcceptUpperCaseHexSignature() {
        assertThat(WeChatSignatures.verifySignature(SIG_TOKEN, SIG_TIMESTAMP, SIG_NONCE, SIG_EXPECTED.toUpperCase()))
                .isTrue();
    }

    @Test
    void shouldCompareInConstantTimeHelperLikeEquals() {
        assertThat(WeChatSignatures.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(WeChatSignatures.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(WeChatSignatures.constantTimeEquals("abc", "abcd")).isFalse();
        assertThat(WeChatSignatures.constantTimeEquals(null, "abc")).isFalse();
    }

    @Test
    void shouldRefuseNullSignatureInput() {
        assertThatThrownBy(() -> WeChatSignatures.sha1OfSorted("a", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
