package io.switchboard.channel.email;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.RawMessage;
import io.switchboard.pipeline.ChannelAdapter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A mail becomes a contact from its sender, addressed to the mailbox it was polled from. The body's new part is
 * the contact's text; what the parser split off (quoted history, signature) and the threading and loop-guard
 * details travel in {@code context.email}, so nothing the customer wrote is dropped. Machine mail (bounces,
 * auto-replies, read receipts, abuse reports) is recorded with a tag that keeps it off agent queues; the gateway's
 * own replies, when a copy comes back in, are kept as raw messages only.
 */
@Singleton
public class EmailContactAdapter implements ChannelAdapter {

    /** RawMessage attribute: the configured name of the mailbox the mail was polled from. */
    public static final String MAILBOX = "mailbox";
    /** RawMessage attribute: the mailbox's own address, the contact's {@code to}. */
    public static final String MAILBOX_ADDRESS = "mailbox-address";
    /** RawMessage attribute: set when only the header of a mail too large for Kafka was stored. */
    public static final String OVERSIZED_BYTES = "oversized-bytes";
    /** Key of the email details inside {@link ContactRecord#context()}. */
    public static final String CONTEXT_KEY = "email";
    /** Key inside {@code context.email}: whether a trusted receiving server proved the {@code From} domain. */
    public static final String SENDER_AUTHENTICATED = "senderAuthenticated";

    private static final Map<LoopGuard.Kind, String> LOOP_TAGS = Map.of(
            LoopGuard.Kind.BOUNCE, "email.bounce",
            LoopGuard.Kind.AUTO_REPLY, "email.auto-reply",
            LoopGuard.Kind.READ_RECEIPT, "email.read-receipt",
            LoopGuard.Kind.FEEDBACK_REPORT, "email.feedback-report");

    private final Map<String, Set<String>> trustedAuthservIds;

    @Inject
    public EmailContactAdapter(SwitchboardConfig config) {
        this(config.email().mailboxes().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().trustedAuthservIds().orElse(List.of()).stream()
                        .map(id -> id.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet()))));
    }

    /** @param trustedAuthservIds per mailbox name, the authserv-ids whose verdicts count */
    public EmailContactAdapter(Map<String, Set<String>> trustedAuthservIds) {
        this.trustedAuthservIds = Map.copyOf(trustedAuthservIds);
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Optional<ContactRecord.Builder> toContact(RawMessage raw, ContactRecord.Builder envelope) {
        String oversized = raw.attributes().get(OVERSIZED_BYTES);
        if (oversized != null) {
            throw new IllegalArgumentException("mail of " + oversized + " bytes exceeds the largest record "
                    + "inbound.raw accepts; only its header was stored, the mail itself stays in mailbox "
                    + raw.attributes().get(MAILBOX));
        }
        ParsedEmail mail = EmailParser.parse(raw.body());
        if (mail.loopKind() == LoopGuard.Kind.OWN_REPLY) {
            return Optional.empty(); // the reply is recorded as an outbound contact when it is sent
        }
        Identity from = sender(mail);
        String tag = LOOP_TAGS.get(mail.loopKind());
        return Optional.of(envelope
                .direction(ContactRecord.INBOUND)
                .from(from)
                .to(recipient(raw, mail))
                .identities(List.of(from))
                .threadKey(threadKey(mail, from))
                .subject(mail.subject())
                .text(mail.text().isBlank() ? mail.fullText() : mail.text())
                .language(mail.language())
                .attachments(mail.attachments().stream().map(EmailContactAdapter::attachment).toList())
                .tags(tag == null ? List.of() : List.of(tag))
                .context(Map.of(CONTEXT_KEY, details(raw, mail))));
    }

    /** Lower-cased, trimmed, without a trailing dot, so one person's mail always maps to one identity. */
    static String normalizeAddress(String address) {
        String a = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        while (a.endsWith(".")) {
            a = a.substring(0, a.length() - 1);
        }
        return a;
    }

    /** A mail without a sender cannot be attributed to anyone: it is unreadable and goes to dead-letter. */
    private static Identity sender(ParsedEmail mail) {
        String address = mail.from() == null ? "" : normalizeAddress(mail.from().address());
        if (address.isEmpty()) {
            String why = mail.warnings().stream()
                    .filter(w -> w.contains("From") || w.contains("header block") || w.contains("parser failure"))
                    .findFirst().orElse("no sender address");
            throw new IllegalArgumentException("mail has no usable sender: " + why);
        }
        return new Identity(Identity.EMAIL, address);
    }

    private static Identity recipient(RawMessage raw, ParsedEmail mail) {
        String mailbox = normalizeAddress(raw.attributes().get(MAILBOX_ADDRESS));
        if (mailbox.isEmpty() && !mail.to().isEmpty()) {
            mailbox = normalizeAddress(mail.to().get(0).address());
        }
        return mailbox.isEmpty() ? null : new Identity(Identity.EMAIL, mailbox);
    }

    /**
     * {@code email:<root Message-ID>} (References, else In-Reply-To, else the mail's own id); a bounce without
     * threading headers joins the thread of the message it reports on. A mail without any id falls back to
     * its sender and normalised subject, the only thread evidence left.
     */
    static String threadKey(ParsedEmail mail, Identity from) {
        boolean replies = !mail.references().isEmpty() || !mail.inReplyTo().isEmpty();
        if (!replies && mail.bouncedMessageId() != null) {
            return "email:" + mail.bouncedMessageId();
        }
        if (mail.threadKey() != null) {
            return "email:" + mail.threadKey();
        }
        return "email-subject:" + from.value() + ":" + mail.subjectKey();
    }

    private static ContactRecord.Attachment attachment(Attachment a) {
        return new ContactRecord.Attachment(a.fileName(), a.contentType(), a.size(), null, a.contentId());
    }

    private Map<String, Object> details(RawMessage raw, ParsedEmail mail) {
        Map<String, Object> email = new LinkedHashMap<>();
        String mailbox = raw.attributes().get(MAILBOX);
        email.put("mailbox", mailbox);
        email.put(SENDER_AUTHENTICATED, SenderAuthentication.proves(mail.from().domain(), mail.authenticationResults(),
                trustedAuthservIds.getOrDefault(mailbox == null ? "" : mailbox, Set.of())));
        email.put("messageId", mail.messageId());
        email.put("inReplyTo", mail.inReplyTo());
        email.put("references", mail.references());
        email.put("subjectKey", mail.subjectKey());
        email.put("sentAt", mail.date() == null ? null : mail.date().toString());
        email.put("fromName", mail.from() == null ? null : mail.from().displayName());
        email.put("cc", addresses(mail.cc()));
        email.put("replyTo", addresses(mail.replyTo()));
        email.put("quoted", mail.quoted());
        email.put("signature", mail.signature());
        email.put("html", mail.html());
        email.put("textFromHtml", mail.textFromHtml());
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("kind", mail.loopKind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        loop.put("reason", mail.loopGuard().reason());
        loop.put("suppressAutoResponse", mail.loopGuard().suppressAutoResponse());
        email.put("loopGuard", loop);
        email.put("bouncedMessageId", mail.bouncedMessageId());
        email.put("warnings", mail.warnings());
        return email;
    }

    private static List<String> addresses(List<EmailAddress> list) {
        List<String> out = new ArrayList<>(list.size());
        for (EmailAddress a : list) {
            String n = normalizeAddress(a.address());
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }
}
