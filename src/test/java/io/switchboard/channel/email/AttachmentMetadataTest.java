package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class AttachmentMetadataTest {

    private static ParsedEmail mikel(String name) {
        return EmailParser.parse(Corpus.read("mikel-mail/attachment_emails/" + name));
    }

    @Test
    void rfc2231FileNameWithCharsetAndPercentEncodingIsDecoded() {
        ParsedEmail m = mikel("attachment_with_quoted_filename.eml");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("Eelanalüüsi päring.jpg");
            assertThat(a.contentType()).isEqualTo("image/jpeg");
            assertThat(a.inline()).isTrue();
            assertThat(a.size()).isPositive();
        });
    }

    @Test
    void rfc2047EncodedFileNameIsDecoded() {
        assertThat(mikel("attachment_with_base64_encoded_name.eml").attachments())
                .extracting(Attachment::fileName).containsExactly("This is a test.pdf");
    }

    @Test
    void rawUtf8AndUnquotedFileNamesAreKept() {
        assertThat(mikel("attachment_nonascii_filename.eml").attachments())
                .extracting(Attachment::fileName).containsExactly("ciële.txt");
        assertThat(mikel("attachment_with_unquoted_name.eml").attachments())
                .extracting(Attachment::fileName).containsExactly("This is a test.txt");
    }

    @Test
    void dispositionFileNameWinsOverContentTypeName() {
        assertThat(mikel("attachment_content_disposition.eml").attachments())
                .extracting(Attachment::fileName).containsExactly("api.rb");
    }

    @Test
    void pdfSizeIsTheDecodedByteCount() {
        ParsedEmail m = mikel("attachment_pdf.eml");
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("broken.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isEqualTo(1026);
            assertThat(a.inline()).isFalse();
        });
        assertThat(mikel("attachment_pdf_lf.eml").attachments().get(0).size()).isEqualTo(1026);
    }

    @Test
    void inlineImageWithContentIdAndAttachedMessageAreReported() {
        ParsedEmail m = mikel("attachment_message_rfc822_inline_image.eml");
        assertThat(m.attachments()).anySatisfy(a -> {
            assertThat(a.fileName()).isEqualTo("img.png");
            assertThat(a.contentId()).isEqualTo("emedfeb92f-a786-4718-a446-98db8afb53fb@kronos");
            assertThat(a.inline()).isTrue();
        });
        assertThat(m.attachments()).anySatisfy(a -> assertThat(a.contentType()).isEqualTo("message/rfc822"));
    }

    @Test
    void rfc2231ContinuationsWithGbkCharsetAreJoinedAndDecoded() {
        String mail = "From: a@b.c\r\nSubject: att\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n"
                + "--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attachment\r\n"
                + "--zz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment;\r\n filename*0*=gbk''%D6%EC%E9%46;\r\n filename*1*=%BB%F9.pdf\r\n\r\n"
                + "JVBERi0=\r\n--zz--\r\n";
        ParsedEmail m = EmailParser.parse(mail.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("朱镕基.pdf");
            assertThat(a.size()).isEqualTo(5);
        });
        assertThat(m.text()).isEqualTo("see attachment");
    }
}
