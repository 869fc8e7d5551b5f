package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channel.wechat.WeChatCryptoException.Reason;
import org.junit.jupiter.api.Test;

class WeChatUrlVerificationTest {

    @Test
    void shouldEchoPlaintextEchostrForValidOfficialAccountSignature() {
        assertThat(WeChatUrlVerification.officialAccount(SIG_TOKEN, SIG_EXPECTED, SIG_TIMESTAMP, SIG_NONCE,
                "5837397749019593186")).isEqualTo("5837397749019593186");
    }

    @Test
    void shouldRejectForgedOfficialAccountSignature() {
        assertThatThrownBy(() -> WeChatUrlVerification.officialAccount("wrong-token", SIG_EXPECTED, SIG_TIMESTAMP,
                SIG_NONCE, "echo"))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void shouldDecryptWeComSampleEchostr() {
        String body = WeChatUrlVerification.weCom(E_TOKEN, new WeChatCipher(E_KEY, E_CORP_ID), E_GET_SIGNATURE,
                E_GET_TIMESTAMP, E_GET_NONCE, E_GET_ECHOSTR);
        assertThat(body).isEqualTo(E_GET_PLAINTEXT).doesNotContain("\n").doesNotContain("\"");
    }

    @Test
    void shouldDecryptWechatpyEnterpriseEchostr() {
        assertThat(WeChatUrlVerification.weCom(D_TOKEN, new WeChatCipher(D_KEY, D_CORP_ID), D_GET_SIGNATURE,
                D_GET_TIMESTAMP, D_GET_NONCE, D_GET_ECHOSTR)).isEqualTo(D_GET_PLAINTEXT);
    }

    @Test
    void shouldRejectForgedWeComSignature() {
        assertThatThrownBy(() -> WeChatUrlVerification.weCom(E_TOKEN, new WeChatCipher(E_KEY, E_CORP_ID),
                "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", E_GET_TIMESTAMP, E_GET_NONCE, E_GET_ECHOSTR))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void shouldRejectWeComEchostrForAnotherCorp() {
        assertThatThrownBy(() -> WeChatUrlVerification.weCom(E_TOKEN, new WeChatCipher(E_KEY, "ww_other_corp"),
                E_GET_SIGNATURE, E_GET_TIMESTAMP, E_GET_NONCE, E_GET_ECHOSTR))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.APPID_MISMATCH));
    }

    @Test
    void shouldRejectEchostrThatWasNotUrlDecoded() {
        // '+' became ' ' somewhere upstream: the signature no longer matches.
        assertThatThrownBy(() -> WeChatUrlVerification.weCom(D_TOKEN, new WeChatCipher(D_KEY, D_CORP_ID),
                D_GET_SIGNATURE, D_GET_TIMESTAMP, D_GET_NONCE, D_GET_ECHOSTR.replace('+', ' ')))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }
}
