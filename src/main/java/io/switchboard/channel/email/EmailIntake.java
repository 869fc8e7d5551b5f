package io.switchboard.channel.email;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.kafka.RawMessageJournal;
import io.switchboard.ops.IngressMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Stores one polled mail, byte for byte, in {@code inbound.raw} and returns only once Kafka acknowledged it.
 * Throwing is how it says "not stored": camel-mail then leaves the mail unseen (it fetched it with peek) and
 * the next poll offers it again. Nothing here parses the MIME tree, so a broken mail is stored like any other
 * and the pipeline dead-letters it with the reason.
 */
@Singleton
@Named("emailIntake")
public class EmailIntake {

    private static final Logger LOG = Logger.getLogger(EmailIntake.class);

    private final RawMessageJournal journal;
    private final IngressMetrics metrics;
    private final Map<String, SwitchboardConfig.Email.Mailbox> mailboxes;
    private final long ackTimeoutMillis;
    /** Mailboxes whose current poll already found the broker away; the rest of that poll is not attempted. */
    private final Set<String> brokerAwayThisPoll = ConcurrentHashMap.newKeySet();

    @Inject
    public EmailIntake(RawMessageJournal journal, IngressMetrics metrics, SwitchboardConfig config) {
        this.journal = journal;
        this.metrics = metrics;
        this.mailboxes = config.email().mailboxes();
        this.ackTimeoutMillis = config.ingress().ackTimeout().toMillis();
    }

    /**
     * @param batchIndex position of the mail in the current poll (camel-mail's {@code CamelBatchIndex})
     * @throws MailNotStoredException when the broker did not acknowledge the mail; it stays unseen
     */
    public void store(Message mail, String mailbox, int batchIndex)
            throws MessagingException, IOException, InterruptedException {
        if (batchIndex == 0) {
            brokerAwayThisPoll.remove(mailbox);
        } else if (brokerAwayThisPoll.contains(mailbox)) {
            metrics.rejected(Channel.EMAIL, "unavailable");
            throw new MailNotStoredException(mailbox, "the broker was unavailable earlier in this poll", null);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream(Math.max(mail.getSize(), 1024));
        mail.writeTo(raw);
        RawMessage message = rawMessage(raw.toByteArray(), mailbox, addressOf(mailbox));
        try {
            journal.append(message).toCompletableFuture().get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            brokerAwayThisPoll.add(mailbox);
            metrics.rejected(Channel.EMAIL, "unavailable");
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            LOG.warnf("Mailbox %s: mail not stored, left unseen for the next poll: %s", mailbox, cause.toString());
            throw new MailNotStoredException(mailbox, "the broker did not acknowledge it", cause);
        }
        metrics.accepted(Channel.EMAIL);
    }

    static RawMessage rawMessage(byte[] raw, String mailbox, String mailboxAddress) {
        return new RawMessage(Channel.EMAIL, EmailMessageIds.channelMessageId(raw), Instant.now(), "message/rfc822",
                Map.of(EmailContactAdapter.MAILBOX, mailbox, EmailContactAdapter.MAILBOX_ADDRESS, mailboxAddress), raw);
    }

    private String addressOf(String mailbox) {
        SwitchboardConfig.Email.Mailbox config = mailboxes.get(mailbox);
        if (config == null) {
            throw new IllegalStateException("no mailbox '" + mailbox + "' is configured");
        }
        return config.address().orElse(config.username());
    }

    /** The mail could not be stored durably; camel-mail must not mark it seen. */
    public static final class MailNotStoredException extends RuntimeException {
        MailNotStoredException(String mailbox, String why, Throwable cause) {
            super("mail from mailbox " + mailbox + " not stored: " + why, cause, false, false);
        }
    }
}
