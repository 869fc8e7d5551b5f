package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.RawMessage;
import io.switchboard.outbound.MissingSendingSetting;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import io.switchboard.testing.ConfigFor;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailReplySenderTest {

    private static final String SUPPORT = "support@example.com";
    private static final String PASSWORD = "smtp-secret";
    private static final String CUSTOMER = "zhang.wei@example.cn";

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser(SUPPORT, SUPPORT, PASSWORD));

    private static EmailReplySender sender(Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>();
        String mailbox = "switchboard.email.mailboxes.support.";
        p.put(mailbox + "host", "imap.example.com");
        p.put(mailbox + "username", SUPPORT);
        p.put(mailbox + "password", "imap-secret");
        p.put(mailbox + "smtp.host", "127.0.0.1");
        p.put(mailbox + "smtp.port", String.valueOf(GREEN_MAIL.getSmtp().getPort()));
        p.put(mailbox + "smtp.security", "none");
        p.put(mailbox + "smtp.username", SUPPORT);
        p.put(mailbox + "smtp.password", PASSWORD);
        p.put("switchboard.email.mailboxes.sales.host", "imap.example.com");
        p.put("switchboard.email.mailboxes.sales.username", "sales@example.com");
        p.put("switchboard.email.mailboxes.sales.password", "imap-secret");
        p.put("switchboard.outbound.connect-timeout", "PT2S");
        p.put("switchboard.outbound.read-timeout", "PT10S");
        p.putAll(overrides);
        return new EmailReplySender(ConfigFor.properties(p), Clock.systemUTC());
    }

    private static OutboundMessage.Builder reply(String replyId, String text) {
        return OutboundMessage.builder(replyId, Channel.EMAIL, OutboundMessage.Recipient.of(CUSTOMER), text)
                .account("support")
                .emailThread(new OutboundMessage.EmailThread("<CAF=Xy1.2@mail.example.cn>",
                        List.of("<Root.1@mail.example.cn>", "mid.2@mail.example.cn"), "订单 A-1001 还没有收到"));
    }

    private static MimeMessage onlyReceived() {
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        return received[0];
    }

    private static byte[] raw(MimeMessage mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void shouldReplyInTheCustomersThreadWithTheChineseSubjectAndBodyIntact() throws Exception {
        String text = "张先生您好：\n\n您的订单 A-1001 已于今天发出，快递单号 SF123456789。\n\n客服 小李";
        SendOutcome outcome = sender(Map.of()).send(reply("r-1", text).language("zh").build());

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Sent.class, sent -> assertThat(sent.providerMessageId())
                .isEqualTo("<switchboard.reply.r-1@example.com>"));
        MimeMessage mail = onlyReceived();
        assertThat(mail.getSubject()).isEqualTo("Re: 订单 A-1001 还没有收到");
        assertThat(mail.getHeader("Subject", null)).startsWith("=?UTF-8?");
        assertThat(mail.getHeader("Message-ID", null)).isEqualTo("<switchboard.reply.r-1@example.com>");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo("<CAF=Xy1.2@mail.example.cn>");
        assertThat(mail.getHeader("References", null).replaceAll("\\s+", " "))
                .isEqualTo("<Root.1@mail.example.cn> <mid.2@mail.example.cn> <CAF=Xy1.2@mail.example.cn>");
        assertThat(mail.getFrom()[0].toString()).isEqualTo(SUPPORT);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(CUSTOMER);
        assertThat(mail.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(mail.getContent()).isEqualTo(text);
        assertThat(mail.getHeader("Content-Language", null)).isEqualTo("zh");
        assertThat(mail.getHeader("Auto-Submitted")).isNull();
        assertThat(mail.getSentDate()).isNotNull();
        // the customer's next mail in this thread names our id; inbound threads it to the same root
        ParsedEmail parsed = EmailParser.parse(raw(mail));
        assertThat(parsed.threadKey()).isEqualTo("root.1@mail.example.cn");
    }

    @Test
    void shouldMarkOnlyAutomaticMessagesAutoSubmitted() throws Exception {
        sender(Map.of()).send(reply("ack-1", "我们已收到您的消息，将在 2 小时内回复。").automatic(true).build());

        assertThat(onlyReceived().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    }

    @Test
    void shouldGiveEveryResendOfAReplyTheSameMessageId() {
        EmailReplySender sender = sender(Map.of());
        sender.send(reply("r-twice", "hi").build());
        sender.send(reply("r-twice", "hi").build());

        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(2).extracting(m -> m.getHeader("Message-ID", null))
                .containsOnly("<switchboard.reply.r-twice@example.com>");
        assertThat(sender.recognisesResends()).isTrue();
    }

    @Test
    void shouldStartANewThreadWithoutReplyHeadersWhenThereIsNoCustomerMail() throws Exception {
        sender(Map.of()).send(reply("r-new", "您好").emailThread(OutboundMessage.EmailThread.newThread("您的咨询 C-77"))
                .build());

        MimeMessage mail = onlyReceived();
        assertThat(mail.getSubject()).isEqualTo("您的咨询 C-77");
        assertThat(mail.getHeader("In-Reply-To")).isNull();
        assertThat(mail.getHeader("References")).isNull();
    }

    @Test
    void shouldAttachFilesWithTheirNamesAndBytes() throws Exception {
        byte[] pdf = "%PDF-1.4 invoice".getBytes(StandardCharsets.US_ASCII);
        sender(Map.of()).send(reply("r-att", "发票见附件").attachments(List.of(
                new OutboundMessage.Attachment("发票 A-1001.pdf", "application/pdf", pdf))).build());

        MimeMessage mail = onlyReceived();
        Multipart mixed = (Multipart) mail.getContent();
        assertThat(mail.getContentType()).startsWith("multipart/mixed");
        assertThat(mixed.getBodyPart(0).getContent()).isEqualTo("发票见附件");
        Part attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo("发票 A-1001.pdf");
        assertThat(attachment.getContentType()).startsWith("application/pdf");
        try (InputStream in = attachment.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(pdf);
        }
    }

    @Test
    void shouldFailPermanentlyWhenTheServerRefusesTheCredentials() {
        SendOutcome outcome = sender(Map.of("switchboard.email.mailboxes.support.smtp.password", "wrong"))
                .send(reply("r-auth", "hi").build());

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class, failed -> {
            assertThat(failed.code()).isEqualTo("smtp-auth");
            assertThat(failed.message()).contains("support").doesNotContain("wrong");
        });
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void shouldFailPermanentlyForARecipientThatIsNoAddress() {
        SendOutcome outcome = sender(Map.of()).send(OutboundMessage.builder("r-bad", Channel.EMAIL,
                OutboundMessage.Recipient.of("not an address"), "hi").account("support").build());

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Failed.class,
                failed -> assertThat(failed.code()).isEqualTo("invalid-address"));
    }

    @Test
    void shouldRetryWhenTheServerCannotBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SendOutcome outcome = sender(Map.of("switchboard.email.mailboxes.support.smtp.port", String.valueOf(closedPort)))
                .send(reply("r-down", "hi").build());

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Retryable.class, retry -> {
            assertThat(retry.code()).isEqualTo("unreachable");
            assertThat(retry.mayHaveBeenSent()).isFalse();
        });
    }

    @Test
    void shouldRetryAServerThatAcceptsButNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread holder = new Thread(() -> {
                try (Socket connection = silent.accept()) {
                    connection.getInputStream().read(); // hold the connection until the client gives up
                } catch (IOException e) {
                    // closed by the client or the test
                }
            }, "silent-smtp");
            holder.setDaemon(true);
            holder.start();

            SendOutcome outcome = sender(Map.of("switchboard.email.mailboxes.support.smtp.port",
                    String.valueOf(silent.getLocalPort()), "switchboard.outbound.read-timeout", "PT0.3S"))
                    .send(reply("r-silent", "hi").build());

            assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Retryable.class,
                    retry -> assertThat(retry.code()).isEqualTo("timeout"));
        }
    }

    @Test
    void shouldNameTheMissingSmtpSetting() {
        EmailReplySender sender = sender(Map.of());
        assertThatThrownBy(() -> sender.requireSettings("sales")).isInstanceOfSatisfying(MissingSendingSetting.class,
                e -> assertThat(e.property()).isEqualTo("switchboard.email.mailboxes.sales.smtp.host"));
        assertThatThrownBy(() -> sender.requireSettings("nowhere")).isInstanceOfSatisfying(MissingSendingSetting.class,
                e -> assertThat(e.property()).isEqualTo("switchboard.email.mailboxes.nowhere.smtp.host"));
        assertThatThrownBy(() -> sender(Map.of("switchboard.email.mailboxes.sales.smtp.host", "smtp.example.com",
                "switchboard.email.mailboxes.sales.smtp.username", "sales@example.com")).requireSettings("sales"))
                .isInstanceOfSatisfying(MissingSendingSetting.class,
                        e -> assertThat(e.property()).isEqualTo("switchboard.email.mailboxes.sales.smtp.password"));
        assertThatThrownBy(() -> sender(Map.of("switchboard.email.mailboxes.support.smtp.security", "tls"))
                .requireSettings("support")).isInstanceOfSatisfying(MissingSendingSetting.class,
                        e -> assertThat(e.property()).isEqualTo("switchboard.email.mailboxes.support.smtp.security"));
    }

    @Test
    void shouldNeverIngestItsOwnSentMailAsCustomerMail() throws Exception {
        // a copy of the reply lands in the mailbox the gateway polls (Bcc, a rule, a list echo)
        sender(Map.of()).send(OutboundMessage.builder("r-copy", Channel.EMAIL, OutboundMessage.Recipient.of(SUPPORT),
                "内部抄送").account("support").emailThread(OutboundMessage.EmailThread.newThread("抄送")).build());
        byte[] copy = raw(onlyReceived());

        RawMessage stored = EmailIntake.rawMessage(copy, "support", SUPPORT);
        assertThat(EmailParser.parse(copy).loopKind()).isEqualTo(LoopGuard.Kind.OWN_REPLY);
        assertThat(new EmailContactAdapter(Map.of()).toContact(stored, ContactRecord.builder())).isEmpty();
    }

    @Test
    void shouldStillTakeTheCustomersAnswerToOurReply() throws Exception {
        sender(Map.of()).send(reply("r-2", "请提供订单截图").build());
        String ours = onlyReceived().getHeader("Message-ID", null);
        byte[] answer = ("From: " + CUSTOMER + "\r\nTo: " + SUPPORT + "\r\nSubject: Re: Re: 订单\r\n"
                + "Message-ID: <answer.3@mail.example.cn>\r\nIn-Reply-To: " + ours + "\r\nReferences: "
                + "<Root.1@mail.example.cn> " + ours + "\r\n\r\n截图在这里\r\n").getBytes(StandardCharsets.UTF_8);

        assertThat(EmailParser.parse(answer).loopKind()).isEqualTo(LoopGuard.Kind.NONE);
        assertThat(new EmailContactAdapter(Map.of()).toContact(EmailIntake.rawMessage(answer, "support", SUPPORT),
                ContactRecord.builder())).isPresent();
    }

    @Test
    void shouldWriteTheSubjectAsOneRfc2047EncodedHeader() throws Exception {
        sender(Map.of()).send(reply("r-raw", "hi").build());
        String headers = new String(raw(onlyReceived()), StandardCharsets.US_ASCII);
        Matcher subject = Pattern.compile("(?m)^Subject: (.*(?:\\r\\n[ \\t].*)*)").matcher(headers);
        assertThat(subject.find()).isTrue();
        assertThat(subject.group(1)).matches("(?s)=\\?UTF-8\\?[BQ]\\?.*\\?=").doesNotContain("订单");
    }
}
