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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RecordTooLargeException;
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
    private static final int HEADER_LIMIT = 64 * 1024;

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
            await(message);
        } catch (RecordTooLargeException e) {
            LOG.warnf("Mailbox %s: a mail of %d bytes is larger than a Kafka record may be; its header goes to "
                    + "dead-letter and the mail stays in the mailbox", mailbox, message.body().length);
            metrics.rejected(Channel.EMAIL, "too-large");
            await(headerOnly(message));
        }
        metrics.accepted(Channel.EMAIL);
    }

    private void await(RawMessage message) throws InterruptedException {
        String mailbox = message.attributes().get(EmailContactAdapter.MAILBOX);
        try {
            journal.append(message).toCompletableFuture().get(ackTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof RecordTooLargeException tooLarge) {
                throw tooLarge;
            }
            brokerAwayThisPoll.add(mailbox);
            metrics.rejected(Channel.EMAIL, "unavailable");
            LOG.warnf("Mailbox %s: mail not stored, left unseen for the next poll: %s", mailbox, cause.toString());
            throw new MailNotStoredException(mailbox, "the broker did not acknowledge it", cause);
        }
    }

    /**
     * A stand-in for a mail too large for {@code inbound.raw}: its header block only, marked so the adapter
     * dead-letters it with the reason instead of the mailbox retrying a mail that can never be stored.
     */
    static RawMessage headerOnly(RawMessage message) {
        byte[] body = message.body();
        int end = Math.min(body.length, HEADER_LIMIT);
        for (int i = 0; i + 1 < end; i++) {
            if (body[i] == '\n' && (body[i + 1] == '\n' || body[i + 1] == '\r' && i + 2 < end && body[i + 2] == '\n')) {
                end = i + 1;
                break;
            }
        }
        Map<String, String> attributes = new HashMap<>(message.attributes());
        attributes.put(EmailContactAdapter.OVERSIZED_BYTES, String.valueOf(body.length));
        return new RawMessage(message.channel(), message.channelMessageId(), message.receivedAt(),
                "text/rfc822-headers", Map.copyOf(attributes), Arrays.copyOf(body, end));
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
