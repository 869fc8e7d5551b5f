package io.switchboard.channel.email;

import io.switchboard.outbound.OutboundMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An agent's reply as a mail in the customer's thread (RFC 5322 §3.6.4): {@code In-Reply-To} their Message-ID,
 * {@code References} theirs plus that id, one reply prefix on the subject, UTF-8 {@code text/plain} (RFC 2047
 * subject, RFC 2231 attachment names), and a Message-ID derived from the reply id.
 */
final class ReplyMail {

    /** A subject that already starts with a reply prefix keeps it as it is: no "Re: 回复: …". */
    private static final Pattern REPLY_PREFIX = Pattern.compile(
            "(?iu)^\\s*(?:re|aw|sv|vs|antw|rif|回复|回覆|答复|答覆)\\s*(?:\\[\\d+]|\\(\\d+\\))?\\s*[:：]");
    /** Only plain msg-ids are repeated: nothing that could end the header or open another. */
    private static final Pattern MSG_ID = Pattern.compile("[\\x21-\\x3b\\x3d\\x3f-\\x7e]+@[\\x21-\\x3b\\x3d\\x3f-\\x7e]+");
    /** Long threads keep their first id and the newest ones, as RFC 5322 §3.6.4 allows. */
    private static final int MAX_REFERENCES = 20;

    private ReplyMail() {}

    /**
     * @throws InvalidReply for a recipient or attachment the mail cannot carry
     */
    static MimeMessage compose(Session session, OutboundMessage reply, InternetAddress from, Instant date)
            throws MessagingException {
        String messageId = EmailMessageIds.forReply(reply.replyId(), domainOf(from));
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mail.setFrom(from);
        mail.setRecipient(MimeMessage.RecipientType.TO, recipient(reply.recipient().address()));
        mail.setSentDate(Date.from(date));
        OutboundMessage.EmailThread thread = reply.emailThread() == null
                ? OutboundMessage.EmailThread.newThread("") : reply.emailThread();
        String parent = plainId(thread.messageId());
        mail.setSubject(parent == null ? oneLine(thread.subject()) : replySubject(thread.subject()), "UTF-8");
        if (parent != null) {
            mail.setHeader("In-Reply-To", "<" + parent + ">");
            mail.setHeader("References", MimeUtility.fold("References: ".length(), references(thread.references(), parent)));
        }
        if (reply.automatic()) {
            mail.setHeader("Auto-Submitted", "auto-replied");
        }
        if (reply.language() != null && !reply.language().isBlank()) {
            mail.setHeader("Content-Language", reply.language().strip());
        }
        if (reply.attachments().isEmpty()) {
            mail.setText(reply.text(), "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(reply.text(), "UTF-8");
            mixed.addBodyPart(text);
            for (OutboundMessage.Attachment attachment : reply.attachments()) {
                mixed.addBodyPart(part(attachment));
            }
            mail.setContent(mixed);
        }
        mail.saveChanges();
        return mail;
    }

    /** "Re: " + the customer's subject, unless it already starts with a reply prefix (Re:, 回复:, 答复:, AW:, …). */
    static String replySubject(String subject) {
        String s = oneLine(subject);
        if (REPLY_PREFIX.matcher(s).find()) {
            return s;
        }
        return s.isEmpty() ? "Re:" : "Re: " + s;
    }

    /** The References of a reply to {@code parent}: the parent's references, then the parent. */
    static String references(List<String> theirs, String parent) {
        List<String> ids = new ArrayList<>();
        for (String id : theirs) {
            String plain = plainId(id);
            if (plain != null && !plain.equals(parent) && !ids.contains(plain)) {
                ids.add(plain);
            }
        }
        ids.add(parent);
        if (ids.size() > MAX_REFERENCES) {
            List<String> kept = new ArrayList<>(ids.subList(ids.size() - (MAX_REFERENCES - 1), ids.size()));
            kept.add(0, ids.get(0));
            ids = kept;
        }
        StringBuilder header = new StringBuilder();
        for (String id : ids) {
            header.append(header.length() == 0 ? "" : " ").append('<').append(id).append('>');
        }
        return header.toString();
    }

    /** The id without brackets, case kept, or null when it is blank or not a plain msg-id. */
    static String plainId(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        if (s.startsWith("<") && s.endsWith(">")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return MSG_ID.matcher(s).matches() ? s : null;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String domainOf(InternetAddress from) {
        String address = from.getAddress();
        return address.substring(address.lastIndexOf('@') + 1);
    }

    private static InternetAddress recipient(String address) {
        try {
            InternetAddress to = new InternetAddress(address.strip(), true);
            if (to.getAddress().indexOf('@') <= 0) {
                throw new InvalidReply("invalid-address", "'" + address + "' is not an email address");
            }
            return to;
        } catch (jakarta.mail.internet.AddressException e) {
            throw new InvalidReply("invalid-address", "'" + address + "' is not an email address: " + e.getMessage());
        }
    }

    private static MimeBodyPart part(OutboundMessage.Attachment attachment) throws MessagingException {
        try {
            new ContentType(attachment.contentType());
        } catch (ParseException e) {
            throw new InvalidReply("invalid-attachment", "attachment '" + attachment.name()
                    + "' has an unreadable contentType '" + attachment.contentType() + "'");
        }
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
        part.setFileName(oneLine(attachment.name()));
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }

    /** The reply itself cannot be a mail; sending it again cannot help. */
    static final class InvalidReply extends IllegalArgumentException {
        private final String code;

        InvalidReply(String code, String message) {
            super(message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }
}
