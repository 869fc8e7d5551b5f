package io.switchboard.channel.email;

import io.switchboard.config.SwitchboardConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns one configured mailbox into the parameters of the {@code email-inbound} route template. */
public final class MailboxRouteParameters {

    public static final String TEMPLATE_ID = "email-inbound";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private MailboxRouteParameters() {}

    /** Route ids are {@code email-inbound-<name>}, so names must be kebab-case. */
    public static String routeId(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("mailbox name '" + name
                    + "' must be lower-case letters, digits and dashes (switchboard.email.mailboxes.<name>)");
        }
        return TEMPLATE_ID + "-" + name;
    }

    /** The local bean holding the mailbox's credentials, so the password never appears in an endpoint URI. */
    public static String authenticatorBean(String name) {
        return name + "-authenticator";
    }

    /**
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static Map<String, Object> of(String name, SwitchboardConfig.Email.Mailbox mailbox) {
        String prefix = "switchboard.email.mailboxes." + name + ".";
        String protocol = mailbox.protocol().strip().toLowerCase(java.util.Locale.ROOT);
        if (!protocol.equals("imap") && !protocol.equals("imaps")) {
            throw new IllegalArgumentException(prefix + "protocol must be imap or imaps, not '" + mailbox.protocol() + "'");
        }
        if (mailbox.pollInterval().isNegative() || mailbox.pollInterval().isZero()) {
            throw new IllegalArgumentException(prefix + "poll-interval must be positive");
        }
        if (mailbox.maxMessagesPerPoll() < 1) {
            throw new IllegalArgumentException(prefix + "max-messages-per-poll must be at least 1");
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        routeId(name);
        parameters.put("mailbox", name);
        parameters.put("protocol", protocol);
        parameters.put("host", mailbox.host());
        parameters.put("port", mailbox.port().orElse(protocol.equals("imaps") ? 993 : 143));
        parameters.put("username", mailbox.username());
        parameters.put("authenticator", authenticatorBean(name));
        parameters.put("folder", mailbox.folder());
        parameters.put("delay", mailbox.pollInterval().toMillis());
        parameters.put("maxMessagesPerPoll", mailbox.maxMessagesPerPoll());
        mailbox.processedFolder().filter(f -> !f.isBlank()).ifPresent(f -> parameters.put("processedFolder", f));
        return parameters;
    }
}
