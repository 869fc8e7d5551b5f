package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmailMessageIdsTest {

    @Test
    void shouldUseTheNormalisedMessageIdSoOneMailInTwoMailboxesIsOneMessage() {
        byte[] inSupport = "Delivered-To: support@example.com\r\nMessage-ID:  <AbC.1@Example.COM> \r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] inSales = "Delivered-To: sales@example.com\r\nMessage-Id: <abc.1@example.com>\r\n\r\nhi\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(EmailMessageIds.channelMessageId(inSupport)).isEqualTo("abc.1@example.com")
                .isEqualTo(EmailMessageIds.channelMessageId(inSales));
    }

    @Test
    void shouldFallBackToADigestOfTheBytesWithoutAUsableMessageId() {
        byte[] none = "From: a@example.com\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bogus = "Message-ID: <>\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(EmailMessageIds.channelMessageId(none)).matches("sha256:[0-9a-f]{64}")
                .isEqualTo(EmailMessageIds.channelMessageId(none.clone()));
        assertThat(EmailMessageIds.channelMessageId(bogus)).startsWith("sha256:");
        assertThat(EmailMessageIds.channelMessageId(new byte[0])).startsWith("sha256:");
    }

    @Test
    void shouldDeriveTheSameReplyMessageIdForEveryResend() {
        assertThat(EmailMessageIds.forReply("r-1001_a", "example.com"))
                .isEqualTo("<switchboard.reply.r-1001_a@example.com>")
                .isEqualTo(EmailMessageIds.forReply("r-1001_a", "example.com"));
    }

    @Test
    void shouldDigestReplyIdsThatAreNoPlainToken() {
        String odd = EmailMessageIds.forReply("reply 1/2 <x>", "example.com");
        assertThat(odd).matches("<switchboard\\.reply\\.sha256=[0-9a-f]{40}@example\\.com>")
                .isEqualTo(EmailMessageIds.forReply("reply 1/2 <x>", "example.com"))
                .isNotEqualTo(EmailMessageIds.forReply("reply 1/3 <x>", "example.com"));
        assertThat(EmailMessageIds.forReply("x".repeat(65), "example.com")).contains("sha256=");
    }

    @Test
    void shouldRecogniseOnlyTheGatewaysOwnReplyIds() {
        assertThat(EmailMessageIds.isOwnReply("<switchboard.reply.r-1@example.com>")).isTrue();
        assertThat(EmailMessageIds.isOwnReply(" <Switchboard.Reply.R-1@Example.COM> ")).isTrue();
        assertThat(EmailMessageIds.isOwnReply("<CAF=abc@mail.gmail.com>")).isFalse();
        assertThat(EmailMessageIds.isOwnReply("<reply.switchboard.r-1@example.com>")).isFalse();
        assertThat(EmailMessageIds.isOwnReply(null)).isFalse();
    }
}
