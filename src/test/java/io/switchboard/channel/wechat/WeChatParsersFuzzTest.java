package io.switchboard.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.switchboard.testing.WeChatTestAccounts;

/**
 * Coverage-guided fuzzing (Jazzer) of the WeChat channel's readers of untrusted bytes: callback XML
 * (the hardened StAX parser) and safe-mode ciphertext. Any input ends as a message or the documented
 * refusal; what the cipher seals, it opens unchanged.
 */
class WeChatParsersFuzzTest {

    private static final WeChatXmlParser PARSER = new WeChatXmlParser();
    private static final WeChatCipher CIPHER = new WeChatCipher(WeChatTestAccounts.OA_KEY, WeChatTestAccounts.OA_APP_ID);

    @FuzzTest(maxDuration = "30s")
    void xml(byte[] body) {
        try {
            assertThat(PARSER.parse(body)).isNotNull();
        } catch (MalformedPayloadException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void ciphertext(FuzzedDataProvider data) {
        String message = data.consumeString(2000);
        assertThat(CIPHER.decrypt(CIPHER.encrypt(message))).isEqualTo(message);
        try {
            CIPHER.open(data.consumeRemainingAsString());
        } catch (WeChatCryptoException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
