package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailContactAdapterTest {

    private final EmailContactAdapter adapter = new EmailContactAdapter(Map.of());

    static ContactRecord map(EmailContactAdapter adapter, byte[] raw) {
        RawMessage message = EmailIntake.rawMessage(raw, "support", "Support@Example.com");
        return adapter.toContact(message, ContactRecord.builder().id(message.recordId()).channel(Channel.EMAIL)
                .receivedAt(Instant.now()).channelMessageId(message.channelMessageId())).orElseThrow().build();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "flanker/bounce/gmail-invalid-address.eml, email.bounce",
            "flanker/bounce/mailbox-full.eml, email.bounce",
            "flanker/bounce/office365.eml, email.bounce",
            "sisimai-bounces/bsd/rfc3834-01.eml, email.auto-reply",
            "sisimai-bounces/bsd/rfc3834-03.eml, email.auto-reply",
            "flanker/disposition-notification.eml, email.read-receipt",
            "flanker/complaints/aol.eml, email.feedback-report",
            "mimekit/feedback-report.txt, email.feedback-report",
            "php-imap/html_only.eml, ''",
            "flanker/missing-boundaries.eml, ''",
            "mikel-mail/plain_emails/raw_email_with_partially_quoted_subject.eml, ''",
            "mikel-mail/error_emails/content_transfer_encoding_empty.eml, ''"})
    void shouldTagMachineMailFromTheLoopGuard(String fixture, String tag) {
        ContactRecord record = map(adapter, Corpus.read(fixture));
        if (tag.isEmpty()) {
            assertThat(record.tags()).isEmpty();
        } else {
            assertThat(record.tags()).containsExactly(tag);
        }
        assertThat(record.from().type()).isEqualTo(Identity.EMAIL);
        assertThat(record.from().value()).isEqualTo(record.from().value().toLowerCase(java.util.Locale.ROOT));
        assertThat(record.to()).isEqualTo(new Identity(Identity.EMAIL, "support@example.com"));
        assertThat(record.text()).isNotBlank();
    }

    @Test
    void shouldSayTheSenderIsAuthenticatedOnlyWhenTheMailboxTrustsTheServerThatSaidSo() {
        // Gmail's 2011 verdict: spf=pass smtp.mail=someone@somewhere.com, the From's own domain
        byte[] iphone = Corpus.read("flanker/iphone.eml");
        EmailContactAdapter trusting = new EmailContactAdapter(Map.of("support", java.util.Set.of("mx.google.com")));
        assertThat(email(map(trusting, iphone)).get(EmailContactAdapter.SENDER_AUTHENTICATED)).isEqualTo(true);
        assertThat(email(map(adapter, iphone)).get(EmailContactAdapter.SENDER_AUTHENTICATED)).isEqualTo(false);
        EmailContactAdapter otherMailbox = new EmailContactAdapter(Map.of("sales", java.util.Set.of("mx.google.com")));
        assertThat(email(map(otherMailbox, iphone)).get(EmailContactAdapter.SENDER_AUTHENTICATED)).isEqualTo(false);
        String forged = "Authentication-Results: mx.google.com; dmarc=pass header.from=bank.example\r\n"
                + "From: <ceo@bank.example>\r\nSubject: hi\r\n\r\nhello\r\n";
        assertThat(email(map(new EmailContactAdapter(Map.of("support", java.util.Set.of("mx.bank.example"))),
                forged.getBytes(StandardCharsets.US_ASCII))).get(EmailContactAdapter.SENDER_AUTHENTICATED))
                .as("a verdict naming a server the mailbox does not trust").isEqualTo(false);
    }

    private static Map<?, ?> email(ContactRecord record) {
        return (Map<?, ?>) record.context().get(EmailContactAdapter.CONTEXT_KEY);
    }

    @Test
    void shouldLinkABounceToTheMessageItReportsOn() {
        ContactRecord record = map(adapter, Corpus.read("flanker/bounce/gmail-invalid-address.eml"));
        Map<?, ?> email = (Map<?, ?>) record.context().get(EmailContactAdapter.CONTEXT_KEY);
        assertThat(email.get("bouncedMessageId")).isNotNull();
        assertThat(record.threadKey()).isEqualTo("email:" + email.get("bouncedMessageId"));
        assertThat(((Map<?, ?>) email.get("loopGuard")).get("kind")).isEqualTo("bounce");
        assertThat(record.from().value()).isEqualTo("mailer-daemon@googlemail.com");
    }

    @Test
    void shouldKeepTheNewPartAsTextAndQuotedHistoryAndSignatureInContext() {
        String mail = "From: \"Li Lei\" <Li.Lei@Example.COM.>\r\nTo: support@example.com\r\n"
                + "Cc: Han.Meimei@example.com\r\nSubject: Re: 订单 SO-123\r\n"
                + "Message-ID: <reply-2@example.com>\r\nIn-Reply-To: <first-1@example.com>\r\n"
                + "References: <root-0@example.com> <first-1@example.com>\r\n"
                + "Date: Tue, 04 Nov 2025 10:00:00 +0800\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "还是没有收到货，请尽快处理。\r\n\r\n-- \r\n李雷\r\n138 0000 0000\r\n\r\n"
                + "On Mon, 3 Nov 2025, Support wrote:\r\n> 您的订单已发货。\r\n";
        ContactRecord record = map(adapter, mail.getBytes(StandardCharsets.UTF_8));
        assertThat(record.from()).isEqualTo(new Identity(Identity.EMAIL, "li.lei@example.com"));
        assertThat(record.identities()).containsExactly(record.from());
        assertThat(record.subject()).isEqualTo("Re: 订单 SO-123");
        assertThat(record.text()).isEqualTo("还是没有收到货，请尽快处理。");
        assertThat(record.threadKey()).isEqualTo("email:root-0@example.com");
        assertThat(record.channelMessageId()).isEqualTo("reply-2@example.com");
        assertThat(record.tags()).isEmpty();
        Map<?, ?> email = (Map<?, ?>) record.context().get(EmailContactAdapter.CONTEXT_KEY);
        assertThat((String) email.get("quoted")).contains("您的订单已发货。");
        assertThat((String) email.get("signature")).contains("李雷");
        assertThat(email.get("cc")).isEqualTo(java.util.List.of("han.meimei@example.com"));
        assertThat(email.get("mailbox")).isEqualTo("support");
        assertThat(email.get("subjectKey")).isEqualTo("订单 so-123");
    }

    @Test
    void shouldThreadMailWithoutAnyIdBySenderAndSubject() {
        ContactRecord record = map(adapter, ("From: a@example.com\r\nSubject: Re: Refund\r\n\r\nstill waiting\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertThat(record.threadKey()).isEqualTo("email-subject:a@example.com:refund");
        assertThat(record.channelMessageId()).startsWith("sha256:");
    }

    @Test
    void shouldRefuseMailWithoutASenderSoItIsDeadLettered() {
        assertThatThrownBy(() -> map(adapter, Corpus.read("mime4j-testmsgs/missing-boundary.msg")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no usable sender");
        assertThatThrownBy(() -> map(adapter, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no usable sender");
    }

    @Test
    void shouldDeadLetterTheHeaderOfAMailTooLargeForKafka() {
        byte[] big = ("From: a@example.com\r\nMessage-ID: <big-1@example.com>\r\nSubject: scan\r\n\r\n"
                + "x".repeat(2_000_000)).getBytes(StandardCharsets.US_ASCII);
        RawMessage headerOnly = EmailIntake.headerOnly(EmailIntake.rawMessage(big, "support", "support@example.com"));
        assertThat(new String(headerOnly.body(), StandardCharsets.US_ASCII))
                .isEqualTo("From: a@example.com\r\nMessage-ID: <big-1@example.com>\r\nSubject: scan\r\n");
        assertThat(headerOnly.channelMessageId()).isEqualTo("big-1@example.com");
        assertThatThrownBy(() -> adapter.toContact(headerOnly, ContactRecord.builder()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mail of " + big.length + " bytes exceeds").hasMessageContaining("mailbox support");
    }

    @Test
    void shouldDecodeARawEightBitGbkSubjectUnderAGb2312Label() {
        java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GBK");
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        raw.writeBytes("From: li.lei@example.cn\r\nSubject: ".getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes("关于朱镕基的资料".getBytes(gbk));
        raw.writeBytes("\r\nContent-Type: text/plain; charset=gb2312\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        raw.writeBytes("正文镕".getBytes(gbk));
        ContactRecord record = map(adapter, raw.toByteArray());
        assertThat(record.subject()).isEqualTo("关于朱镕基的资料");
        assertThat(record.text()).isEqualTo("正文镕");
    }
}
