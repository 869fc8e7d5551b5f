package io.switchboard.channel.email;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.outbound.MissingSendingSetting;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * How one mailbox's replies are sent: {@code switchboard.email.mailboxes.<name>.smtp.*} as a Jakarta Mail session.
 * STARTTLS is required, never silently skipped, and TLS checks the server's name in both TLS modes.
 */
record SmtpMailbox(String name, Session session, String host, int port, Optional<String> username,
        Optional<String> password, InternetAddress from) {

    enum Security { STARTTLS, SSL, NONE }

    /**
     * @throws MissingSendingSetting naming the setting that is missing or unusable
     */
    static SmtpMailbox of(String name, SwitchboardConfig.Email.Mailbox mailbox, Duration connectTimeout,
            Duration readTimeout) {
        String prefix = "switchboard.email.mailboxes." + name + ".smtp.";
        SwitchboardConfig.Email.Smtp smtp = mailbox.smtp().filter(s -> !s.host().isBlank()).orElseThrow(
                () -> new MissingSendingSetting(prefix + "host", "mailbox '" + name + "' has no SMTP server for replies"));
        Security security;
        try {
            security = Security.valueOf(smtp.security().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MissingSendingSetting(prefix + "security", "must be starttls, ssl or none, not '"
                    + smtp.security() + "'");
        }
        Optional<String> username = smtp.username().filter(s -> !s.isBlank());
        Optional<String> password = smtp.password().filter(s -> !s.isEmpty());
        if (username.isPresent() && password.isEmpty()) {
            throw new MissingSendingSetting(prefix + "password", "username " + username.get() + " needs one");
        }
        String fromAddress = smtp.from().filter(s -> !s.isBlank()).orElse(mailbox.address().orElse(mailbox.username()));
        InternetAddress from;
        try {
            from = new InternetAddress(fromAddress.strip(), true);
        } catch (AddressException e) {
            throw new MissingSendingSetting(prefix + "from", "'" + fromAddress + "' is not an address: " + e.getMessage());
        }
        if (from.getAddress().indexOf('@') <= 0) {
            throw new MissingSendingSetting(prefix + "from", "'" + fromAddress
                    + "' has no domain, which the replies' Message-IDs need");
        }
        int port = smtp.port().orElse(switch (security) {
            case STARTTLS -> 587;
            case SSL -> 465;
            case NONE -> 25;
        });
        Properties properties = new Properties();
        properties.put("mail.smtp.host", smtp.host().strip());
        properties.put("mail.smtp.port", String.valueOf(port));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(connectTimeout.toMillis()));
        properties.put("mail.smtp.timeout", String.valueOf(readTimeout.toMillis()));
        properties.put("mail.smtp.writetimeout", String.valueOf(readTimeout.toMillis()));
        properties.put("mail.smtp.auth", String.valueOf(username.isPresent()));
        // bounces go back to the mailbox, whose loop guard files them with the conversation
        properties.put("mail.smtp.from", from.getAddress());
        if (security == Security.STARTTLS) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        if (security == Security.SSL) {
            properties.put("mail.smtp.ssl.enable", "true");
        }
        if (security != Security.NONE) {
            properties.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        return new SmtpMailbox(name, Session.getInstance(properties), smtp.host().strip(), port, username, password,
                from);
    }

    @Override
    public String toString() {
        return "SmtpMailbox[" + name + ", " + host + ":" + port + ", from " + from.getAddress() + "]"; // no password
    }
}
