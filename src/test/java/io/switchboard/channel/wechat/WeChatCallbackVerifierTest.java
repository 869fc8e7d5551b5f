package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channel.wechat.WeChatCallbackVerifier.Mode;
import io.switchboard.channel.wechat.WeChatCallbackVerifier.Params;
import io.switchboard.channel.wechat.WeChatCallbackVerifier.VerifiedPush;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WeChatCallbackVerifierTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    /** URL verification has no timestamp window: the published 2014 vectors verify against today's clock. */
    private static final WeChatCallbackVerifier VERIFIER = new WeChatCallbackVerifier(new WeChatXmlParser(), WINDOW,
            Clock.systemUTC());
    private static final WeChatAccount MP = WeChatAccount.of("mp", WeChatAccount.Kind.OFFICIAL_ACCOUNT, B_TOKEN, B_KEY,
            B_APPID);
    private static final WeChatAccount WECOM = WeChatAccount.of("corp", WeChatAccount.Kind.WECOM, E_TOKEN, E_KEY,
            E_CORP_ID);
    private static final WeChatAccount PLAIN = WeChatAccount.of("plain", WeChatAccount.Kind.OFFICIAL_ACCOUNT,
            SIG_TOKEN, null, null);
    private static final String PLAIN_TEXT = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName>"
            + "<FromUserName><![CDATA[o_user]]></FromUserName><CreateTime>1409735668</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hi]]></Content><MsgId>42</MsgId></xml>";

    private static Params sig(String signature, String timestamp, String nonce) {
        return new Params(signature, null, timestamp, nonce, null, null);
    }

    /** Verifies with the default window and a clock that reads the push's own timestamp, as if it had just been signed. */
    private static VerifiedPush push(WeChatAccount account, Params p, byte[] body) {
        return verifierAt(Instant.ofEpochSecond(Long.parseLong(p.timestamp()))).verifyPush(account, p, body);
    }

    private static WeChatCallbackVerifier verifierAt(Instant now) {
        return new WeChatCallbackVerifier(new WeChatXmlParser(), WINDOW, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void shouldEchoOfficialAccountEchostrForTheWechatpyVector() {
        Params p = new Params(SIG_EXPECTED, null, SIG_TIMESTAMP, SIG_NONCE, "echo-me", null);
        assertThat(VERIFIER.verifyUrl(PLAIN, p)).isEqualTo("echo-me");
    }

    @Test
    void shouldDecryptWeComEchostrEvenWhenPlusArrivedAsSpace() {
        Params p = new Params(null, E_GET_SIGNATURE, E_GET_TIMESTAMP, E_GET_NONCE, E_GET_ECHOSTR.replace('+', ' '), null);
        assertThat(VERIFIER.verifyUrl(WECOM, p)).isEqualTo(E_GET_PLAINTEXT);
    }

    @Test
    void shouldRefuseUrlVerificationWithoutSignature() {
        assertThatThrownBy(() -> VERIFIER.verifyUrl(PLAIN, new Params(null, null, "1", "2", "echo", null)))
                .isInstanceOf(SignatureRejectedException.class).hasMessageContaining("signature is missing");
    }

    @Test
    void shouldAcceptPlainPushWithValidSignature() {
        String ts = "1409735669";
        VerifiedPush push = push(PLAIN, sig(WeChatSignatures.signature(SIG_TOKEN, ts, "n"), ts, "n"),
                PLAIN_TEXT.getBytes(StandardCharsets.UTF_8));
        assertThat(push.mode()).isEqualTo(Mode.PLAIN);
        assertThat(push.message().dedupeKey()).isEqualTo("42");
        assertThat(new String(push.xml(), StandardCharsets.UTF_8)).isEqualTo(PLAIN_TEXT);
    }

    @Test
    void shouldRefuseForgedPlainSignatureBeforeParsing() {
        assertThatThrownBy(() -> push(PLAIN, sig("0".repeat(40), "1", "n"), "not xml at all".getBytes()))
                .isInstanceOf(SignatureRejectedException.class).hasMessageContaining("does not match");
    }

    @Test
    void shouldDecryptTencentSampleInSafeModeWithoutThePlainSignature() {
        String body = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[" + B_ENCRYPT
                + "]]></Encrypt></xml>";
        VerifiedPush push = push(MP, new Params(null, B_MSG_SIGNATURE, B_TIMESTAMP, B_NONCE, null, "aes"),
                body.getBytes(StandardCharsets.UTF_8));
        assertThat(push.mode()).isEqualTo(Mode.SAFE);
        assertThat(new String(push.xml(), StandardCharsets.UTF_8)).isEqualTo(B_PLAINTEXT);
        assertThat(push.message().dedupeKey()).isEqualTo("6054768590064713728");
    }

    @Test
    void shouldPreferTheDecryptedCopyInCompatibleMode() {
        String body = B_PLAINTEXT.replace("abcdteT", "forged plaintext copy")
                .replace("</xml>", "<Encrypt><![CDATA[" + B_ENCRYPT + "]]></Encrypt></xml>");
        String signature = WeChatSignatures.signature(B_TOKEN, B_TIMESTAMP, B_NONCE);
        VerifiedPush push = push(MP, new Params(signature, B_MSG_SIGNATURE, B_TIMESTAMP, B_NONCE, null,
                "aes"), body.getBytes(StandardCharsets.UTF_8));
        assertThat(push.mode()).isEqualTo(Mode.COMPATIBLE);
        assertThat(push.message().content()).isEqualTo("abcdteT");
    }

    @Test
    void shouldRefuseWrongPlainSignatureEvenWhenMsgSignatureIsRight() {
        String body = "<xml><Encrypt><![CDATA[" + B_ENCRYPT + "]]></Encrypt></xml>";
        assertThatThrownBy(() -> push(MP, new Params("f".repeat(40), B_MSG_SIGNATURE, B_TIMESTAMP,
                B_NONCE, null, "aes"), body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SignatureRejectedException.class);
    }

    @Test
    void shouldDecryptWeComSamplePost() {
        String body = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA["
                + E_POST_ENCRYPT + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
        VerifiedPush push = push(WECOM, new Params(null, E_POST_SIGNATURE, E_POST_TIMESTAMP,
                E_POST_NONCE, null, null), body.getBytes(StandardCharsets.UTF_8));
        assertThat(push.mode()).isEqualTo(Mode.SAFE);
        assertThat(new String(push.xml(), StandardCharsets.UTF_8)).isEqualTo(E_POST_PLAINTEXT);
    }

    @Test
    void shouldRefusePlaintextPushToWeCom() {
        assertThatThrownBy(() -> push(WECOM, new Params(null, "ab", "1", "2", null, null),
                PLAIN_TEXT.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("always encrypted");
    }

    @Test
    void shouldRefuseEncryptedPushToAnAccountWithoutKey() {
        String ts = "1";
        String body = "<xml><Encrypt><![CDATA[" + B_ENCRYPT + "]]></Encrypt></xml>";
        assertThatThrownBy(() -> push(PLAIN, new Params(WeChatSignatures.signature(SIG_TOKEN, ts, "n"),
                "ab", ts, "n", null, "aes"), body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no encoding-aes-key");
    }

    @Test
    void shouldNameWrongAppIdTailAfterAValidSignature() {
        WeChatCipher stranger = new WeChatCipher(B_KEY, "wx0000000000000000");
        String encrypt = stranger.encrypt(PLAIN_TEXT);
        String body = "<xml><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
        Params p = new Params(null, WeChatSignatures.msgSignature(B_TOKEN, "1", "n", encrypt), "1", "n", null, "aes");
        assertThatThrownBy(() -> push(MP, p, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WeChatCryptoException.class).hasMessageContaining("APPID_MISMATCH")
                .hasMessageContaining("wx0000000000000000");
    }

    @Test
    void shouldRequireAKeyToTellRetriesApart() {
        String ts = "1";
        String body = "<xml><MsgType><![CDATA[text]]></MsgType></xml>";
        assertThatThrownBy(() -> push(PLAIN, sig(WeChatSignatures.signature(SIG_TOKEN, ts, "n"), ts, "n"),
                body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidPayloadException.class).hasMessageContaining("retries");
    }

    @Test
    void shouldRefusePushesWhoseTimestampIsOutsideTheWindowEitherSide() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        WeChatCallbackVerifier verifier = verifierAt(now);
        byte[] body = PLAIN_TEXT.getBytes(StandardCharsets.UTF_8);
        String retriedAMinuteLater = Long.toString(now.minusSeconds(60).getEpochSecond());
        String edge = Long.toString(now.minusSeconds(300).getEpochSecond());
        String old = Long.toString(now.minusSeconds(301).getEpochSecond());
        String ahead = Long.toString(now.plusSeconds(301).getEpochSecond());

        for (String fine : new String[] {retriedAMinuteLater, edge}) {
            assertThat(verifier.verifyPush(PLAIN, sig(WeChatSignatures.signature(SIG_TOKEN, fine, "n"), fine, "n"), body)
                    .id()).isEqualTo(new WeChatPushId("plain", Long.parseLong(fine), "n"));
        }
        for (String stale : new String[] {old, ahead}) {
            assertThatThrownBy(() -> verifier.verifyPush(PLAIN, sig(WeChatSignatures.signature(SIG_TOKEN, stale, "n"),
                    stale, "n"), body))
                    .isInstanceOfSatisfying(WeChatPushRefusedException.class, e -> assertThat(e.reason())
                            .isEqualTo(WeChatPushRefusedException.Reason.STALE_TIMESTAMP))
                    .hasMessageContaining("301 s").hasMessageContaining("max-clock-skew");
        }
        assertThatThrownBy(() -> verifier.verifyPush(PLAIN, sig("x", "soon", "n"), body))
                .isInstanceOf(SignatureRejectedException.class).hasMessageContaining("Unix seconds");
        // a verification GET stores nothing: the 2014 vector still verifies
        assertThat(verifier.verifyUrl(PLAIN, new Params(SIG_EXPECTED, null, SIG_TIMESTAMP, SIG_NONCE, "echo", null)))
                .isEqualTo("echo");
    }

    @Test
    void shouldRefusePlaintextPushToASafeModeAccountButNotToACompatibleOne() {
        WeChatAccount safe = WeChatAccount.of("safe", WeChatAccount.Kind.OFFICIAL_ACCOUNT, SIG_TOKEN, B_KEY, B_APPID);
        WeChatAccount compatible = WeChatAccount.of("compat", WeChatAccount.Kind.OFFICIAL_ACCOUNT, SIG_TOKEN, B_KEY,
                B_APPID, "compatible");
        String ts = "1409735669";
        Params signed = sig(WeChatSignatures.signature(SIG_TOKEN, ts, "n"), ts, "n");
        byte[] body = PLAIN_TEXT.getBytes(StandardCharsets.UTF_8);

        assertThat(safe.encryption()).isEqualTo(WeChatAccount.Encryption.SAFE);
        assertThatThrownBy(() -> push(safe, signed, body))
                .isInstanceOfSatisfying(WeChatPushRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WeChatPushRefusedException.Reason.PLAINTEXT_REFUSED);
                    assertThat(e.reason().status()).isEqualTo(403);
                })
                .hasMessageContaining("switchboard.wechat.accounts.safe.mode");
        assertThat(push(compatible, signed, body).mode()).isEqualTo(Mode.PLAIN);
        // safe mode still takes what WeChat sends it: the encrypted push
        String envelope = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[" + B_ENCRYPT
                + "]]></Encrypt></xml>";
        WeChatAccount safeSample = WeChatAccount.of("mp", WeChatAccount.Kind.OFFICIAL_ACCOUNT, B_TOKEN, B_KEY, B_APPID);
        assertThat(push(safeSample, new Params(null, B_MSG_SIGNATURE, B_TIMESTAMP, B_NONCE, null, "aes"),
                envelope.getBytes(StandardCharsets.UTF_8)).mode()).isEqualTo(Mode.SAFE);
    }

    @Test
    void shouldRefuseAForgedPlainSignatureBeforeTheModeIsConsidered() {
        WeChatAccount safe = WeChatAccount.of("safe", WeChatAccount.Kind.OFFICIAL_ACCOUNT, SIG_TOKEN, B_KEY, B_APPID);
        assertThatThrownBy(() -> push(safe, sig("0".repeat(40), "1", "n"), PLAIN_TEXT.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SignatureRejectedException.class).hasMessageContaining("does not match");
    }

    @Test
    void shouldDefaultToSafeModeWithAKeyAndRefuseModesThatCannotWork() {
        assertThat(WeChatAccount.of("o", WeChatAccount.Kind.OFFICIAL_ACCOUNT, "t", null, null).encryption())
                .isEqualTo(WeChatAccount.Encryption.PLAIN);
        assertThat(WeChatAccount.of("o", WeChatAccount.Kind.OFFICIAL_ACCOUNT, "t", B_KEY, B_APPID).encryption())
                .isEqualTo(WeChatAccount.Encryption.SAFE);
        assertThat(WeChatAccount.of("o", WeChatAccount.Kind.OFFICIAL_ACCOUNT, "t", B_KEY, B_APPID, " plain ").encryption())
                .isEqualTo(WeChatAccount.Encryption.PLAIN);
        assertThat(WECOM.encryption()).isEqualTo(WeChatAccount.Encryption.SAFE);
        assertThatThrownBy(() -> WeChatAccount.of("o", WeChatAccount.Kind.OFFICIAL_ACCOUNT, "t", null, null, "safe"))
                .hasMessageContaining("'o'").hasMessageContaining("no encoding-aes-key");
        assertThatThrownBy(() -> WeChatAccount.of("w", WeChatAccount.Kind.WECOM, "t", E_KEY, E_CORP_ID, "plain"))
                .hasMessageContaining("WeCom encrypts every callback");
        assertThatThrownBy(() -> WeChatAccount.of("o", WeChatAccount.Kind.OFFICIAL_ACCOUNT, "t", B_KEY, B_APPID, "aes"))
                .hasMessageContaining("plain, compatible or safe").hasMessageContaining("'aes'");
    }

    @Test
    void shouldRefuseAccountSettingsThatCannotWork() {
        assertThatThrownBy(() -> WeChatAccount.of("w", WeChatAccount.Kind.WECOM, "t", null, null))
                .hasMessageContaining("needs encoding-aes-key and app-id");
        assertThatThrownBy(() -> WeChatAccount.of("o", WeChatAccount.Kind.OFFICIAL_ACCOUNT, "t", B_KEY, null))
                .hasMessageContaining("no app-id");
        assertThatThrownBy(() -> WeChatAccount.of("o", WeChatAccount.Kind.OFFICIAL_ACCOUNT, "t", "short", "wx1"))
                .hasMessageContaining("43 characters").hasMessageNotContaining("short");
        assertThatThrownBy(() -> WeChatAccount.Kind.fromWireName("mini-program"))
                .hasMessageContaining("official-account or wecom");
    }
}
