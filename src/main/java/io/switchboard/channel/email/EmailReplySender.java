package io.switchboard.channel.email;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.outbound.ChannelSender;
import io.switchboard.outbound.MissingSendingSetting;
import io.switchboard.outbound.OutboundMessage;
import io.switchboard.outbound.SendOutcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Email replies over SMTP, from the mailbox the customer wrote to, as mail in their thread ({@link ReplyMail}).
 * SMTP's own answer decides: 2xx sent; 4xx, timeouts and a server out of reach retryable; 5xx and refused
 * credentials failed. A resend carries the same Message-ID, so mail clients and archives see one message.
 */
@Singleton
public class EmailReplySender implements ChannelSender {

    private final Map<String, SwitchboardConfig.Email.Mailbox> mailboxes;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Clock clock;
    private final Map<String, SmtpMailbox> sessions = new ConcurrentHashMap<>();

    @Inject
    public EmailReplySender(SwitchboardConfig config) {
        this(config, Clock.systemUTC());
    }

    public EmailReplySender(SwitchboardConfig config, Clock clock) {
        this.mailboxes = config.email().mailboxes();
        this.connectTimeout = config.outbound().connectTimeout();
        this.readTimeout = config.outbound().readTimeout();
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public boolean recognisesResends() {
        return true;
    }

    @Override
    public void requireSettings(String account) {
        mailbox(account);
    }

    @Override
    public SendOutcome send(OutboundMessage message) {
        SmtpMailbox mailbox = mailbox(message.account());
        Instant now = clock.instant();
        MimeMessage mail;
        try {
            mail = ReplyMail.compose(mailbox.session(), message, mailbox.from(), now);
        } catch (ReplyMail.InvalidReply e) {
            return new SendOutcome.Failed(e.code(), e.getMessage());
        } catch (MessagingException e) {
            return new SendOutcome.Failed("invalid-mail", "the reply cannot be written as a mail: " + e.getMessage());
        }
        try {
            if (mailbox.username().isPresent()) {
                Transport.send(mail, mailbox.username().get(), mailbox.password().orElseThrow());
            } else {
                Transport.send(mail);
            }
            return new SendOutcome.Sent(mail.getMessageID(), now);
        } catch (MessagingException e) {
            return outcome(mailbox, e);
        }
    }

    private SendOutcome outcome(SmtpMailbox mailbox, MessagingException e) {
        String server = mailbox.host() + ":" + mailbox.port();
        if (e instanceof AuthenticationFailedException) {
            return new SendOutcome.Failed("smtp-auth", server + " refused the credentials of mailbox "
                    + mailbox.name() + " (switchboard.email.mailboxes." + mailbox.name() + ".smtp.username/.password)");
        }
        Optional<Integer> code = replyCode(e);
        if (code.isPresent()) {
            String reason = server + " answered " + code.get() + ": " + firstLine(e);
            return code.get() >= 500 ? new SendOutcome.Failed("smtp-" + code.get(), reason)
                    : new SendOutcome.Retryable(reason, "smtp-" + code.get(), Optional.empty(), false);
        }
        if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                && failed.getInvalidAddresses().length > 0) {
            return new SendOutcome.Failed("smtp-invalid-address", server + " refused the recipient: " + firstLine(e));
        }
        if (e instanceof MailConnectException || causedBy(e, ConnectException.class)
                || causedBy(e, UnknownHostException.class)) {
            return new SendOutcome.Retryable("cannot connect to " + server + ": " + firstLine(e), "unreachable",
                    Optional.empty(), false);
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            return new SendOutcome.Retryable("no answer from " + server + " within " + readTimeout.toMillis()
                    + " ms", "timeout", Optional.empty(), true);
        }
        return new SendOutcome.Retryable("sending through " + server + " failed: " + firstLine(e), "smtp",
                Optional.empty(), true);
    }

    /** The SMTP reply code of the rejected command, found in the exception or the ones chained to it. */
    private static Optional<Integer> replyCode(Exception e) {
        for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException address) {
                return Optional.of(address.getReturnCode());
            }
            if (next instanceof SMTPSendFailedException send && send.getReturnCode() > 0) {
                return Optional.of(send.getReturnCode());
            }
        }
        return Optional.empty();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage()).strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }

    private SmtpMailbox mailbox(String name) {
        SwitchboardConfig.Email.Mailbox mailbox = name == null ? null : mailboxes.get(name);
        if (mailbox == null) {
            throw new MissingSendingSetting("switchboard.email.mailboxes." + (name == null ? "<name>" : name)
                    + ".smtp.host", name == null ? "no mailbox was named for this reply"
                    : "no mailbox '" + name + "' is configured");
        }
        return sessions.computeIfAbsent(name, n -> SmtpMailbox.of(n, mailbox, connectTimeout, readTimeout));
    }
}
