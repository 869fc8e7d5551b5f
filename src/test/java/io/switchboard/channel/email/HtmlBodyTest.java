package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HtmlBodyTest {

    @Test
    void htmlOnlyMailFromPhpImapBecomesText() {
        ParsedEmail m = EmailParser.parse(Corpus.read("php-imap/html_only.eml"));
        assertThat(m.html()).isTrue();
        assertThat(m.textFromHtml()).isTrue();
        assertThat(m.text()).isEqualTo("Hi");
        assertThat(m.htmlBody()).contains("<body>Hi</body>");
    }

    @Test
    void blockElementsBreakLinesScriptsAreDroppedAndLinksKeepTheirUrl() {
        String html = "<html><head><style>p{color:red}</style><script>alert(1)</script><title>T</title></head><body>"
                + "<h1>Order shipped</h1><p>Hello&nbsp;Anna,</p><div>your order <b>#42</b> is on its way.</div>"
                + "<ul><li>Track: <a href=\"https://t.example.com/42\">tracking page</a></li>"
                + "<li><a href=\"https://example.com\">https://example.com</a></li></ul>"
                + "<p>Line one<br>Line two</p></body></html>";
        assertThat(HtmlToText.convert(html)).isEqualTo("Order shipped\n\nHello Anna,\n\nyour order #42 is on its way.\n"
                + "- Track: tracking page (https://t.example.com/42)\n- https://example.com\n\nLine one\nLine two");
    }

    @Test
    void blockquotesInHtmlRepliesBecomeQuotedLines() {
        String mail = "From: a@b.c\r\nSubject: Re: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<div>Yes, done.</div><div class=\"gmail_quote\"><div>On Mon, Bob wrote:</div>"
                + "<blockquote>Can you check?</blockquote></div>";
        ParsedEmail m = EmailParser.parse(mail.getBytes(StandardCharsets.UTF_8));
        assertThat(m.text()).isEqualTo("Yes, done.");
        assertThat(m.quoted()).contains("> Can you check?");
    }

    @Test
    void alternativePrefersPlainTextButRecordsTheHtml() {
        String mail = "From: a@b.c\r\nSubject: alt\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain version\r\n"
                + "--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html version</p>\r\n--b1--\r\n";
        ParsedEmail m = EmailParser.parse(mail.getBytes(StandardCharsets.UTF_8));
        assertThat(m.text()).isEqualTo("plain version");
        assertThat(m.html()).isTrue();
        assertThat(m.textFromHtml()).isFalse();
        assertThat(m.htmlBody()).contains("html version");
    }

    @Test
    void mhtmlRelatedPartUsesTheHtmlRootNamedByTheTypeParameter() {
        ParsedEmail m = EmailParser.parse(Corpus.read("mimekit/multipart-related-mhtml.txt"));
        assertThat(m.textFromHtml()).isTrue();
        assertThat(m.attachments()).anySatisfy(a -> {
            assertThat(a.contentType()).isEqualTo("image/png");
            assertThat(a.inline()).isTrue();
        });
    }

    @Test
    void htmlCharsetFromMetaTagIsUsedWhenTheHeaderHasNone() {
        byte[] head = ("From: a@b.c\r\nSubject: m\r\nContent-Type: text/html\r\n\r\n"
                + "<html><head><meta charset=\"gbk\"></head><body>").getBytes(StandardCharsets.US_ASCII);
        byte[] text = "退款进度".getBytes(java.nio.charset.Charset.forName("GBK"));
        byte[] raw = new byte[head.length + text.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        System.arraycopy(text, 0, raw, head.length, text.length);
        assertThat(EmailParser.parse(raw).text()).isEqualTo("退款进度");
    }
}
