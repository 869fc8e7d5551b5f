package io.switchboard.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real SMTP and IMAP server (GreenMail) on dynamic ports with two company mailboxes, and a plain IMAP client
 * for the tests: {@code support} keeps stored mail in INBOX flagged seen, {@code sales} moves it to
 * {@code Processed}. Both are polled by the gateway's email-inbound routes, and send replies through its SMTP.
 */
public class MailServer implements QuarkusTestResourceLifecycleManager {

    public static final String SUPPORT = "support@example.com";
    public static final String SALES = "sales@example.com";
    public static final String PASSWORD = "mailbox-secret (with) \"odd\" chars&=?";
    public static final String PROCESSED = "Processed";

    private static GreenMail greenMail;

    @Override
    public synchronized Map<String, String> start() {
        if (greenMail == null) {
            greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
            greenMail.start();
            greenMail.setUser(SUPPORT, SUPPORT, PASSWORD);
            greenMail.setUser(SALES, SALES, PASSWORD);
        }
        Map<String, String> config = new HashMap<>();
        mailbox(config, "support", SUPPORT);
        mailbox(config, "sales", SALES);
        config.put("switchboard.email.mailboxes.sales.processed-folder", PROCESSED);
        return config;
    }

    private static void mailbox(Map<String, String> config, String name, String user) {
        String prefix = "switchboard.email.mailboxes." + name + ".";
        config.put(prefix + "protocol", "imap");
        config.put(prefix + "host", "127.0.0.1");
        config.put(prefix + "port", String.valueOf(greenMail.getImap().getPort()));
        config.put(prefix + "username", user);
        config.put(prefix + "password", PASSWORD);
        config.put(prefix + "poll-interval", "PT0.25S");
        config.put(prefix + "max-messages-per-poll", "20");
        // replies go out through GreenMail's SMTP, authenticated as the mailbox
        config.put(prefix + "smtp.host", "127.0.0.1");
        config.put(prefix + "smtp.port", String.valueOf(greenMail.getSmtp().getPort()));
        config.put(prefix + "smtp.security", "none");
        config.put(prefix + "smtp.username", user);
        config.put(prefix + "smtp.password", PASSWORD);
    }

    @Override
    public void stop() {
        // shared by the email test classes of this JVM; GreenMail's threads end with it
    }

    /** Sends {@code raw} through SMTP to {@code recipient}, as a mail server delivering mail would. */
    public static void sendBySmtp(String recipient, byte[] raw) throws MessagingException {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(greenMail.getSmtp().getPort()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw)) {
            @Override
            protected void updateMessageID() {
                // a relaying server keeps the sender's Message-ID
            }
        };
        Transport.send(message, new InternetAddress[] {new InternetAddress(recipient)});
    }

    /** Every mail GreenMail's SMTP delivered to {@code recipient} (any address: GreenMail creates the mailbox). */
    public static MimeMessage[] receivedBy(String recipient) {
        return java.util.Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(recipient));
                    } catch (MessagingException e) {
                        return false;
                    }
                })
                .toArray(MimeMessage[]::new);
    }

    /** IMAP APPEND of {@code raw} to {@code folder} of {@code user}, unseen. */
    public static void append(String user, String folder, byte[] raw) throws MessagingException {
        try (Store store = connect(user); Folder f = store.getFolder(folder)) {
            if (!f.exists()) {
                f.create(Folder.HOLDS_MESSAGES);
            }
            f.open(Folder.READ_WRITE);
            f.appendMessages(new Message[] {new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw))});
        }
    }

    public static void append(String user, byte[] raw) throws MessagingException {
        append(user, "INBOX", raw);
    }

    /** How many mails in {@code folder} carry {@code messageId}, and how many of those are seen: {total, seen}. */
    public static int[] count(String user, String folder, String messageId) throws MessagingException {
        try (Store store = connect(user)) {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return new int[] {0, 0};
            }
            f.open(Folder.READ_ONLY);
            try {
                Message[] found = f.search(new HeaderTerm("Message-ID", messageId));
                int seen = 0;
                for (Message m : found) {
                    if (m.isSet(Flags.Flag.SEEN)) {
                        seen++;
                    }
                }
                return new int[] {found.length, seen};
            } finally {
                f.close(false);
            }
        }
    }

    public static boolean isSeen(String user, String messageId) throws MessagingException {
        int[] c = count(user, "INBOX", messageId);
        if (c[0] != 1) {
            throw new AssertionError("expected one mail " + messageId + " in INBOX of " + user + ", found " + c[0]);
        }
        return c[1] == 1;
    }

    /** Clears the seen flag, as a person marking the mail unread in their mail client does. */
    public static void markUnseen(String user, String messageId) throws MessagingException {
        try (Store store = connect(user); Folder f = store.getFolder("INBOX")) {
            f.open(Folder.READ_WRITE);
            for (Message m : f.search(new HeaderTerm("Message-ID", messageId))) {
                m.setFlag(Flags.Flag.SEEN, false);
            }
        }
    }

    private static Store connect(String user) throws MessagingException {
        Properties props = new Properties();
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), user, PASSWORD);
        return store;
    }
}
