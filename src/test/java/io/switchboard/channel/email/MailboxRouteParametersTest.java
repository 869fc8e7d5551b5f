package io.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.SwitchboardConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailboxRouteParametersTest {

    record Mailbox(String protocol, String host, Optional<Integer> port, String username, String password,
            String folder, Optional<String> processedFolder, Optional<String> address, Duration pollInterval,
            int maxMessagesPerPoll, Optional<SwitchboardConfig.Email.Smtp> smtp,
            Optional<java.util.List<String>> trustedAuthservIds) implements SwitchboardConfig.Email.Mailbox {}

    static Mailbox mailbox(String protocol, Optional<Integer> port, Optional<String> processed) {
        return new Mailbox(protocol, "imap.example.com", port, "support@example.com", "secret", "INBOX", processed,
                Optional.empty(), Duration.ofSeconds(30), 50, Optional.empty(), Optional.empty());
    }

    @Test
    void shouldDefaultThePortByProtocolAndKeepThePasswordOutOfTheParameters() {
        var imaps = MailboxRouteParameters.of("support", mailbox("IMAPS", Optional.empty(), Optional.empty()));
        assertThat(imaps).containsEntry("protocol", "imaps").containsEntry("port", 993).containsEntry("delay", 30_000L)
                .containsEntry("authenticator", "support-authenticator").doesNotContainKey("processedFolder")
                .doesNotContainValue("secret");
        assertThat(MailboxRouteParameters.of("support", mailbox("imap", Optional.empty(), Optional.of("Done"))))
                .containsEntry("port", 143).containsEntry("processedFolder", "Done");
        assertThat(MailboxRouteParameters.routeId("support-cn")).isEqualTo("email-inbound-support-cn");
    }

    @Test
    void shouldNameTheWrongSetting() {
        assertThatThrownBy(() -> MailboxRouteParameters.of("support", mailbox("pop3", Optional.empty(), Optional.empty())))
                .hasMessageContaining("switchboard.email.mailboxes.support.protocol must be imap or imaps");
        assertThatThrownBy(() -> MailboxRouteParameters.of("Support_Box", mailbox("imap", Optional.empty(), Optional.empty())))
                .hasMessageContaining("mailbox name 'Support_Box'");
    }
}
