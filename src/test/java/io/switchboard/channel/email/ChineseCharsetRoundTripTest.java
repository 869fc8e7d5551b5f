package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated Chinese mails: subjects as RFC 2047 B and Q encoded-words and bodies as 8-bit, base64 and
 * quoted-printable, for the labels GB2312, GBK, GB18030 and UTF-8. The byte encoder per label is what real mailers
 * use: mail labelled GB2312 is in practice GBK-encoded, so 镕 (GBK E9 46) must survive a gb2312 label.
 */
class ChineseCharsetRoundTripTest {

    private static final Charset GBK = Charset.forName("GBK");
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final Charset GB2312 = Charset.forName("GB2312");

    static final String PLAIN_GB2312 = "信用卡账单：您好，欢迎使用客服中心。";
    static final String WITH_RONG = "关于朱镕基的资料（回复）";
    static final String WITH_SUPPLEMENTARY = "罕见字𠀀与欧元符号€测试";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("GB2312", GB2312, PLAIN_GB2312),
                Arguments.of("gb2312", GBK, WITH_RONG), // GBK bytes under a GB2312 label
                Arguments.of("GBK", GBK, WITH_RONG),
                Arguments.of("x-gbk", GBK, WITH_RONG),
                Arguments.of("cp936", GBK, WITH_RONG),
                Arguments.of("EUC-CN", GBK, WITH_RONG),
                Arguments.of("GB_2312-80", GB2312, PLAIN_GB2312),
                Arguments.of("eucgb2312_cn", GBK, WITH_RONG),
                Arguments.of("GB18030", GB18030, WITH_SUPPLEMENTARY + WITH_RONG),
                Arguments.of("UTF-8", StandardCharsets.UTF_8, WITH_SUPPLEMENTARY + WITH_RONG));
    }

    @ParameterizedTest(name = "{0} B-encoded subject and base64 body")
    @MethodSource("cases")
    void base64SubjectAndBodyDecodeExactly(String label, Charset encoder, String text) {
        String mail = "From: =?" + label + "?B?" + b64("客服", encoder) + "?= <kefu@example.cn>\r\n"
                + "To: user@example.com\r\n"
                + "Subject: " + bWords(label, encoder, text) + "\r\n"
                + "Message-ID: <cn-1@example.cn>\r\nDate: Tue, 04 Nov 2025 10:00:00 +0800\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=\"" + label + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + wrap(Base64.getEncoder().encodeToString((text + "\r\n" + WITH_RONG_OR(text)).getBytes(encoder)))
                + "\r\n";
        ParsedEmail m = EmailParser.parse(mail.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.subject()).isEqualTo(text);
        assertThat(m.from().displayName()).isEqualTo("客服");
        assertThat(m.from().address()).isEqualTo("kefu@example.cn");
        assertThat(m.text()).isEqualTo(text + "\n" + WITH_RONG_OR(text));
        assertThat(m.warnings()).isEmpty();
        assertThat(m.language()).isEqualTo("zh");
    }

    @ParameterizedTest(name = "{0} Q-encoded subject and 8-bit body")
    @MethodSource("cases")
    void quotedPrintableSubjectAndEightBitBodyDecodeExactly(String label, Charset encoder, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("From: kefu@example.cn\r\nDate: Tue, 04 Nov 2025 10:00:00 +0800\r\nSubject: Re: " + qWord(label, encoder, text) + "\r\n"
                + "Content-Type: text/plain; charset=" + label + "\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(text.getBytes(encoder));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        ParsedEmail m = EmailParser.parse(out.toByteArray());
        assertThat(m.subject()).isEqualTo("Re: " + text);
        assertThat(m.subjectKey()).isEqualTo(text.toLowerCase(java.util.Locale.ROOT));
        assertThat(m.text()).isEqualTo(text);
        assertThat(m.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0} quoted-printable body")
    @MethodSource("cases")
    void quotedPrintableBodyDecodesExactly(String label, Charset encoder, String text) {
        String mail = "From: kefu@example.cn\r\nSubject: qp\r\n"
                + "Content-Type: text/plain; charset=" + label + "\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                + qpBody(text.getBytes(encoder)) + "\r\n";
        ParsedEmail m = EmailParser.parse(mail.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.text()).isEqualTo(text);
    }

    @Test
    void encodedWordsSplitInsideAMultiByteCharacterAreJoinedBeforeDecoding() {
        byte[] bytes = WITH_RONG.getBytes(GBK);
        // split after an odd number of bytes, i.e. in the middle of a two-byte character
        String w1 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 0, 5));
        String w2 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, 5, bytes.length));
        String subject = "=?gb2312?B?" + w1 + "?=\r\n =?gb2312?B?" + w2 + "?=";
        assertThat(EncodedWords.decode(subject.replace("\r\n", ""))).isEqualTo(WITH_RONG);
    }

    @Test
    void protocolsExamplesDecodeToTheSameSubject() {
        assertThat(EncodedWords.decode("=?GB2312?B?0MXTw7+o1cu1pQ==?=")).isEqualTo("信用卡账单");
        assertThat(EncodedWords.decode("=?UTF-8?B?5L+h55So5Y2h6LSm5Y2V?=")).isEqualTo("信用卡账单");
    }

    @Test
    void gb2312LabelResolvesToGb18030BecauseTheJdkDecoderLosesGbkCharacters() {
        assertThat(MimeCharsets.resolve("GB2312")).contains(GB18030);
        assertThat(MimeCharsets.resolve("x-gbk")).contains(GB18030);
        assertThat(MimeCharsets.resolve("\"gbk\"")).contains(GB18030);
        assertThat(new String("镕".getBytes(GBK), GB2312)).isNotEqualTo("镕"); // why the alias exists
        assertThat(MimeCharsets.decode("镕".getBytes(GBK), "gb2312", "t", null)).isEqualTo("镕");
    }

    @Test
    void rawEightBitUtf8HeadersAreReadAsUtf8() {
        byte[] raw = ("From: 张三 <zhang@example.cn>\r\nDate: Tue, 04 Nov 2025 10:00:00 +0800\r\nSubject: 回复：" + WITH_SUPPLEMENTARY
                + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n你好\r\n").getBytes(StandardCharsets.UTF_8);
        ParsedEmail m = EmailParser.parse(raw);
        assertThat(m.subject()).isEqualTo("回复：" + WITH_SUPPLEMENTARY);
        assertThat(m.from().displayName()).isEqualTo("张三");
        assertThat(m.subjectKey()).isEqualTo(WITH_SUPPLEMENTARY);
        assertThat(m.warnings()).isEmpty();
    }

    @Test
    void rawEightBitGbkHeadersUseTheBodyCharsetAndRecordAWarning() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Subject: ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(WITH_RONG.getBytes(GBK));
        out.writeBytes("\r\nFrom: a@example.cn\r\nContent-Type: text/plain; charset=GBK\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("正文".getBytes(GBK));
        ParsedEmail m = EmailParser.parse(out.toByteArray());
        assertThat(m.subject()).isEqualTo(WITH_RONG);
        assertThat(m.text()).isEqualTo("正文");
        assertThat(m.warnings()).anyMatch(w -> w.contains("body charset GBK"));
    }

    @Test
    void unknownOrLyingCharsetLabelsFallBackWithAWarningInsteadOfFailing() {
        byte[] utf8Body = "你好，世界".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("From: a@b.c\r\nSubject: x\r\nContent-Type: text/plain; charset=x-unknown-zz\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(utf8Body);
        ParsedEmail m = EmailParser.parse(out.toByteArray());
        assertThat(m.text()).isEqualTo("你好，世界");
        assertThat(m.warnings()).anyMatch(w -> w.contains("x-unknown-zz") && w.contains("UTF-8"));

        byte[] latin = "caf\u00e9 cr\u00e8me".getBytes(StandardCharsets.ISO_8859_1);
        out.reset();
        out.writeBytes("From: a@b.c\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(latin);
        m = EmailParser.parse(out.toByteArray());
        assertThat(m.text()).isEqualTo("caf\u00e9 cr\u00e8me");
        assertThat(m.warnings()).anyMatch(w -> w.contains("windows-1252"));
    }

    @Test
    void doubleEncodedBig5SubjectFromTheCorpusIsRepaired() {
        ParsedEmail m = EmailParser.parse(Corpus.read("mikel-mail/error_emails/content_transfer_encoding_empty.eml"));
        assertThat(m.subject()).contains("大家說英語");
        assertThat(m.warnings()).anyMatch(w -> w.contains("repaired double-encoded"));
        assertThat(m.textFromHtml()).isTrue();
    }

    @Test
    void utf8HanziInAPartiallyQuotedSubjectFromTheCorpusDecodes() {
        ParsedEmail m = EmailParser.parse(
                Corpus.read("mikel-mail/plain_emails/raw_email_with_partially_quoted_subject.eml"));
        assertThat(m.subject()).isEqualTo("Re: Test: \"漢字\" mid \"漢字\" tail");
    }

    // ------------------------------------------------------------------ helpers

    private static String WITH_RONG_OR(String text) {
        return "第二行";
    }

    static String b64(String s, Charset cs) {
        return Base64.getEncoder().encodeToString(s.getBytes(cs));
    }

    /** Encoded-words of at most 75 chars, split at character boundaries (as RFC 2047 demands). */
    static String bWords(String label, Charset cs, String text) {
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int maxBytes = (75 - label.length() - 7) / 4 * 3;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String c = new String(Character.toChars(cp));
            if ((chunk + c).getBytes(cs).length > maxBytes) {
                words.add("=?" + label + "?B?" + b64(chunk.toString(), cs) + "?=");
                chunk.setLength(0);
            }
            chunk.append(c);
            i += Character.charCount(cp);
        }
        words.add("=?" + label + "?B?" + b64(chunk.toString(), cs) + "?=");
        return String.join("\r\n ", words);
    }

    private static String qWord(String label, Charset cs, String text) {
        StringBuilder sb = new StringBuilder("=?" + label + "?Q?");
        for (byte b : text.getBytes(cs)) {
            int v = b & 0xff;
            if (v > 32 && v < 127 && v != '=' && v != '?' && v != '_') {
                sb.append((char) v);
            } else {
                sb.append(String.format("=%02X", v));
            }
        }
        return sb.append("?=").toString();
    }

    private static String qpBody(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (byte b : bytes) {
            int v = b & 0xff;
            String enc = v >= 33 && v <= 126 && v != '=' ? String.valueOf((char) v) : String.format("=%02X", v);
            if (col + enc.length() > 75) {
                sb.append("=\r\n");
                col = 0;
            }
            sb.append(enc);
            col += enc.length();
        }
        return sb.toString();
    }

    private static String wrap(String b64) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b64.length(); i += 76) {
            sb.append(b64, i, Math.min(b64.length(), i + 76)).append("\r\n");
        }
        return sb.toString();
    }
}
