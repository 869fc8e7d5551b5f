package io.switchboard.channel.wechat;

import static io.switchboard.channel.wechat.WeChatVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.channel.wechat.WeChatCryptoException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeChatCipherTest {

    // ---------------------------------------------------------------- official vectors

    @Test
    void shouldDeriveSampleKeyAsInVectorA() {
        byte[] key = Base64.getDecoder().decode(A_KEY + "=");
        assertThat(HexFormat.of().formatHex(key)).isEqualTo(A_KEY_HEX);
        // And the cipher uses exactly that key and IV: re-encrypting vector B's plaintext with its
        // random prefix gives back the published ciphertext.
        WeChatCipher cipher = new WeChatCipher(B_KEY, B_APPID, fixedRandom(B_RANDOM_PREFIX));
        assertThat(cipher.encrypt(B_PLAINTEXT)).isEqualTo(B_ENCRYPT);
    }

    @Test
    void shouldDecryptTencentMpSampleVectorB() {
        WeChatCipher.Opened opened = new WeChatCipher(B_KEY, B_APPID).open(B_ENCRYPT);
        assertThat(opened.message()).isEqualTo(B_PLAINTEXT);
        assertThat(new String(opened.randomPrefix(), StandardCharsets.US_ASCII)).isEqualTo(B_RANDOM_PREFIX);
        assertThat(opened.receiveId()).isEqualTo(B_APPID);
        assertThat(opened.padLength()).isEqualTo(2);
    }

    @Test
    void shouldReproduceWechatpyEncryptVectorDExactly() {
        WeChatCipher cipher = new WeChatCipher(D_KEY, D_CORP_ID, fixedRandom(D_RANDOM));
        assertThat(cipher.encrypt(D_PLAINTEXT)).isEqualTo(D_ENCRYPT);
        assertThat(cipher.decrypt(D_ENCRYPT)).isEqualTo(D_PLAINTEXT);
    }

    @Test
    void shouldDecryptWechatpyDecryptVectorDWithPadOne() {
        String encrypt = new WeChatXmlParser().parse(readFixture("official-account/crypto__decrypt_message.xml"))
                .encrypt();
        assertThat(encrypt).startsWith("RgqEoJj5A4EM");
        WeChatCipher.Opened opened = new WeChatCipher(D_KEY, D_CORP_ID).open(encrypt);
        assertThat(opened.padLength()).isEqualTo(1);
        WeChatMessage inner = new WeChatXmlParser().parse(opened.message());
        assertThat(inner.content()).isEqualTo("test");
        assertThat(inner.fromUserName()).isEqualTo("messense");
        assertThat(inner.msgId()).isEqualTo("4363689963896700987");
    }

    @Test
    void shouldDecryptWechatpyGetEchostr() {
        assertThat(new WeChatCipher(D_KEY, D_CORP_ID).decrypt(D_GET_ECHOSTR)).isEqualTo(D_GET_PLAINTEXT);
    }

    @Test
    void shouldDecryptWeComSamplePostWithPadValueThirty() {
        WeChatCipher.Opened opened = new WeChatCipher(E_KEY, E_CORP_ID).open(E_POST_ENCRYPT);
        assertThat(opened.padLength()).isEqualTo(30);
        assertThat(opened.message()).isEqualTo(E_POST_PLAINTEXT);
        assertThat(opened.receiveId()).isEqualTo(E_CORP_ID);
    }

    @Test
    void shouldShowWhyJcePkcs5PaddingCannotBeUsed() throws Exception {
        // Documents the pitfall from docs/protocols.md §1.6: the JDK's PKCS5Padding refuses pad value 30.
        byte[] key = Base64.getDecoder().decode(E_KEY + "=");
        Cipher jce = Cipher.getInstance("AES/CBC/PKCS5Padding");
        jce.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
        assertThatThrownBy(() -> jce.doFinal(Base64.getDecoder().decode(E_POST_ENCRYPT)))
                .isInstanceOf(javax.crypto.BadPaddingException.class);
    }

    @Test
    void shouldDecryptWeComSampleGetEchostr() {
        assertThat(new WeChatCipher(E_KEY, E_CORP_ID).decrypt(E_GET_ECHOSTR)).isEqualTo(E_GET_PLAINTEXT);
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void shouldCountMessageLengthInUtf8BytesNotChars() {
        WeChatCipher cipher = new WeChatCipher(D_KEY, D_CORP_ID);
        String chinese = "<xml><Content><![CDATA[消息长度是按字节来算的 😀]]></Content></xml>";
        String encrypted = cipher.encrypt(chinese);
        assertThat(cipher.decrypt(encrypted)).isEqualTo(chinese);
        byte[] plain = rawDecrypt(D_KEY, Base64.getDecoder().decode(encrypted));
        int declared = ByteBuffer.wrap(plain, 16, 4).getInt();
        assertThat(declared).isEqualTo(chinese.getBytes(StandardCharsets.UTF_8).length).isNotEqualTo(chinese.length());
    }

    @Test
    void shouldPadAlignedPlaintextWithAFullBlockOf32() {
        // 16 random + 4 length + 12 message + 0 receive id = 32 bytes → pad must be a whole extra block of 32.
        WeChatCipher cipher = new WeChatCipher(D_KEY, "", fixedRandom(D_RANDOM));
        String encrypted = cipher.encrypt("123456789012");
        byte[] cipherText = Base64.getDecoder().decode(encrypted);
        assertThat(cipherText).hasSize(64);
        WeChatCipher.Opened opened = cipher.open(encrypted);
        assertThat(opened.padLength()).isEqualTo(32);
        assertThat(opened.message()).isEqualTo("123456789012");
        assertThat(opened.receiveId()).isEmpty();
    }

    @Test
    void shouldUseFreshRandomPrefixByDefault() {
        WeChatCipher cipher = new WeChatCipher(D_KEY, D_CORP_ID);
        assertThat(cipher.encrypt("same")).isNotEqualTo(cipher.encrypt("same"));
    }

    // ---------------------------------------------------------------- failures

    @Test
    void shouldRejectWrongAppIdTail() {
        WeChatCipher other = new WeChatCipher(E_KEY, "wx0000000000000000");
        assertThatThrownBy(() -> other.decrypt(E_POST_ENCRYPT))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.APPID_MISMATCH))
                .hasMessageContaining(E_CORP_ID)
                .hasMessageContaining("wx0000000000000000");
    }

    @Test
    void shouldRejectEmptyReceiveIdWhenPayloadCarriesOne() {
        assertThatThrownBy(() -> new WeChatCipher(E_KEY, "").decrypt(E_GET_ECHOSTR))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.APPID_MISMATCH));
    }

    @Test
    void shouldRejectTruncatedCiphertext() {
        byte[] full = Base64.getDecoder().decode(E_POST_ENCRYPT);
        String cut = Base64.getEncoder().encodeToString(Arrays.copyOf(full, full.length - 5));
        assertThatThrownBy(() -> new WeChatCipher(E_KEY, E_CORP_ID).decrypt(cut))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessageContaining("not a positive multiple");
    }

    @Test
    void shouldRejectEmptyCiphertextAsTruncated() {
        assertThatThrownBy(() -> new WeChatCipher(E_KEY, E_CORP_ID).decrypt(""))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void shouldRejectCiphertextCutAtABlockBoundaryAsBadPadding() {
        // Dropping whole AES blocks keeps the length valid but leaves a last block that is not padding.
        byte[] full = Base64.getDecoder().decode(E_POST_ENCRYPT);
        String cut = Base64.getEncoder().encodeToString(Arrays.copyOf(full, full.length - 32));
        assertThatThrownBy(() -> new WeChatCipher(E_KEY, E_CORP_ID).decrypt(cut))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isIn(Reason.BAD_PADDING, Reason.BAD_LENGTH));
    }

    @Test
    void shouldRejectPlaintextTooShortForHeader() {
        byte[] plain = new byte[32];
        Arrays.fill(plain, 16, 32, (byte) 16); // 16 content bytes + pad 16: no room for random + length
        assertThat(reasonFor(plain)).isEqualTo(Reason.TRUNCATED);
    }

    @ParameterizedTest(name = "pad value {0}")
    @ValueSource(ints = {0, 33, 200, 255})
    void shouldRejectPadValueOutsideOneTo32(int padValue) {
        byte[] plain = validPlaintext("<xml/>", D_CORP_ID);
        plain[plain.length - 1] = (byte) padValue;
        assertThat(reasonFor(plain)).isEqualTo(Reason.BAD_PADDING);
    }

    @Test
    void shouldRejectPadBytesThatAreNotAllEqual() {
        byte[] plain = validPlaintext("<xml/>", D_CORP_ID);
        int pad = plain[plain.length - 1];
        assertThat(pad).isGreaterThan(1);
        plain[plain.length - 2] = (byte) (pad - 1);
        assertThat(reasonFor(plain)).isEqualTo(Reason.BAD_PADDING);
    }

    @Test
    void shouldRejectDeclaredLengthBeyondPlaintext() {
        byte[] plain = validPlaintext("<xml/>", D_CORP_ID);
        ByteBuffer.wrap(plain).putInt(16, 4096);
        assertThat(reasonFor(plain)).isEqualTo(Reason.BAD_LENGTH);
        ByteBuffer.wrap(plain).putInt(16, -1); // 0xffffffff read as unsigned, not as -1
        assertThat(reasonFor(plain)).isEqualTo(Reason.BAD_LENGTH);
    }

    @Test
    void shouldRejectMessageThatIsNotUtf8() {
        byte[] plain = validPlaintext("<xml/>", D_CORP_ID);
        plain[20] = (byte) 0xff;
        assertThat(reasonFor(plain)).isEqualTo(Reason.BAD_UTF8);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"not base64!", "P9nAzCzy*DtyTWESHep1vC5X9xho", "abc=def", "%2B%2F"})
    void shouldRejectBadBase64(String input) {
        assertThatThrownBy(() -> new WeChatCipher(E_KEY, E_CORP_ID).decrypt(input))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_BASE64));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "short", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF+"})
    void shouldRejectIllegalEncodingAesKey(String key) {
        assertThatThrownBy(() -> new WeChatCipher(key, E_CORP_ID))
                .isInstanceOfSatisfying(WeChatCryptoException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ILLEGAL_AES_KEY));
    }

    @Test
    void shouldNotRevealKeyInToString() {
        assertThat(new WeChatCipher(E_KEY, E_CORP_ID).toString()).doesNotContain(E_KEY).contains(E_CORP_ID);
    }

    // ---------------------------------------------------------------- helpers

    /** Plaintext framed like WeChat does it, before encryption (so tests can corrupt it). */
    private static byte[] validPlaintext(String message, String receiveId) {
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        byte[] id = receiveId.getBytes(StandardCharsets.UTF_8);
        int unpadded = 20 + msg.length + id.length;
        int pad = 32 - unpadded % 32;
        ByteBuffer b = ByteBuffer.allocate(unpadded + pad);
        b.put(D_RANDOM.getBytes(StandardCharsets.US_ASCII)).putInt(msg.length).put(msg).put(id);
        for (int i = 0; i < pad; i++) {
            b.put((byte) pad);
        }
        return b.array();
    }

    private static Reason reasonFor(byte[] plain) {
        String encrypted = Base64.getEncoder().encodeToString(rawEncrypt(D_KEY, plain));
        try {
            new WeChatCipher(D_KEY, D_CORP_ID).decrypt(encrypted);
        } catch (WeChatCryptoException e) {
            return e.reason();
        }
        throw new AssertionError("decryption unexpectedly succeeded");
    }

    private static byte[] rawEncrypt(String encodingAesKey, byte[] plain) {
        return rawAes(Cipher.ENCRYPT_MODE, encodingAesKey, plain);
    }

    private static byte[] rawDecrypt(String encodingAesKey, byte[] cipherText) {
        return rawAes(Cipher.DECRYPT_MODE, encodingAesKey, cipherText);
    }

    private static byte[] rawAes(int mode, String encodingAesKey, byte[] input) {
        try {
            byte[] key = Base64.getDecoder().decode(encodingAesKey + "=");
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(key, 16)));
            return c.doFinal(input);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
