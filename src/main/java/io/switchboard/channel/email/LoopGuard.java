package io.switchboard.channel.email;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Classifies machine-generated mail so the gateway never answers it automatically (mail loops) and can route
 * bounces to the original conversation. Rules, first match wins:
 * <ol>
 * <li>a Message-ID the gateway gave one of its own replies ({@link EmailMessageIds#forReply}) → OWN_REPLY: its own
 * sent mail (a copy delivered to the mailbox it polls, a Bcc, a list echo) is never customer mail;</li>
 * <li>MIME reports: multipart/report report-type (or a message/delivery-status, message/feedback-report,
 * message/disposition-notification part) → BOUNCE / FEEDBACK_REPORT / READ_RECEIPT;</li>
 * <li>X-Failed-Recipients, sender MAILER-DAEMON/postmaster, bounce subjects ("Undeliverable", "Delivery Status
 * Notification", "Mail delivery failed", "Returned mail", "退信", ...) → BOUNCE;</li>
 * <li>out-of-office subjects in English/German/French/Chinese ("Automatic reply", "Out of Office", "自动回复") →
 * AUTO_REPLY (X-Auto-Response-Suppress is only mentioned in the reason: it is a request, not proof);</li>
 * <li>Auto-Submitted other than "no", X-Autoreply / X-Autorespond, Precedence: auto_reply → AUTO_REPLY;</li>
 * <li>null reverse-path (Return-Path: &lt;&gt;) → BOUNCE;</li>
 * <li>Precedence: bulk|list|junk → AUTO_REPLY only in {@link PrecedencePolicy#AUTO_REPLY} mode; in the default
 * {@link PrecedencePolicy#SUPPRESS_ONLY} mode the verdict stays NONE but {@link Verdict#suppressAutoResponse()} is
 * true (as it is for List-Id / List-Unsubscribe / X-Loop traffic).</li>
 * </ol>
 */
public final class LoopGuard {

    public enum Kind { NONE, BOUNCE, AUTO_REPLY, READ_RECEIPT, FEEDBACK_REPORT, OWN_REPLY }

    /** How "Precedence: bulk|list|junk" is treated (it marks list/bulk traffic, which is not itself an auto-reply). */
    public enum PrecedencePolicy { SUPPRESS_ONLY, AUTO_REPLY }

    /**
     * @param kind classification
     * @param reason human-readable rule that fired ("" for NONE without list markers)
     * @param suppressAutoResponse true if no automatic response should be sent (any non-NONE kind, or list/bulk mail)
     */
    public record Verdict(Kind kind, String reason, boolean suppressAutoResponse) {
        static Verdict of(Kind kind, String reason) {
            return new Verdict(kind, reason, kind != Kind.NONE);
        }
    }

    /**
     * Inputs the classifier looks at.
     *
     * @param headers top-level headers
     * @param subject decoded subject (may be null)
     * @param fromAddress normalised From address (may be null)
     * @param reportType report-type parameter of a top-level multipart/report (lower-case, may be null)
     * @param partTypes lower-case MIME types of all parts in the tree, excluding parts inside embedded messages
     */
    public record Signals(MailHeaders headers, String subject, String fromAddress, String reportType,
            Set<String> partTypes) {
    }

    private static final Pattern BOUNCE_SUBJECT = Pattern.compile("(?iu)(undeliver|undelivered mail|"
            + "delivery status notification|mail delivery (failed|failure|system|subsystem)|returned mail|"
            + "delivery (has )?failed|delivery failure|failure notice|failed delivery|non[- ]?remis|"
            + "could not send message|message not delivered|nondeliverable|non-delivery|delivery notification: delivery"
            + "|unzustellbar|nicht zustellbar|mail system error|退信|系统退信|投递失败|发送失败|無法傳遞|无法投递|"
            + "undeliverable mail|notice of delivery failure|delivery problem|email delivery error)");
    private static final Pattern OOF_SUBJECT = Pattern.compile("(?iu)(out of (the )?office|\\bo\\.?o\\.?o\\b|"
            + "automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|autorespon|automated response|"
            + "away from (the )?(office|my desk)|on vacation|vacation (reply|notice|message)|"
            + "abwesenheit|automatische antwort|réponse automatique|risposta automatica|"
            + "respuesta automática|自动回复|自動回覆|自動回复|自动答复|自動答覆|休假|不在办公室)");
    /** Non-ARF complaint formats (e.g. Hotmail JMRP): subject plus an attached message/rfc822. */
    private static final Pattern FEEDBACK_SUBJECT = Pattern.compile(
            "(?i)(complaint about message from|abuse report|feedback report|spam report|fbl report)");
    private static final Pattern MAILER_DAEMON = Pattern.compile(
            "(?i)^(mailer-daemon|mail-daemon|maildaemon|mailerdaemon)(@.*)?$");
    private static final Pattern POSTMASTER = Pattern.compile("(?i)^postmaster(@.*)?$");

    private LoopGuard() {
    }

    public static Verdict classify(Signals s) {
        return classify(s, PrecedencePolicy.SUPPRESS_ONLY);
    }

    public static Verdict classify(Signals s, PrecedencePolicy policy) {
        MailHeaders h = s.headers();
        String report = lower(s.reportType());
        Set<String> parts = s.partTypes() == null ? Set.of() : s.partTypes();
        String messageId = h.raw("Message-ID");
        if (EmailMessageIds.isOwnReply(messageId)) {
            return Verdict.of(Kind.OWN_REPLY, "Message-ID " + messageId.strip() + " is one of this gateway's replies");
        }
        if ("delivery-status".equals(report) || "global-delivery-status".equals(report)) {
            return Verdict.of(Kind.BOUNCE, "multipart/report; report-type=" + report);
        }
        if ("feedback-report".equals(report)) {
            return Verdict.of(Kind.FEEDBACK_REPORT, "multipart/report; report-type=feedback-report");
        }
        if ("disposition-notification".equals(report)) {
            return Verdict.of(Kind.READ_RECEIPT, "multipart/report; report-type=disposition-notification");
        }
        if (parts.contains("message/delivery-status") || parts.contains("message/global-delivery-status")) {
            return Verdict.of(Kind.BOUNCE, "message/delivery-status part");
        }
        if (parts.contains("message/feedback-report")) {
            return Verdict.of(Kind.FEEDBACK_REPORT, "message/feedback-report part");
        }
        if (parts.contains("message/disposition-notification")) {
            return Verdict.of(Kind.READ_RECEIPT, "message/disposition-notification part");
        }
        if (FEEDBACK_SUBJECT.matcher(s.subject() == null ? "" : s.subject()).find()
                && parts.contains("message/rfc822")) {
            return Verdict.of(Kind.FEEDBACK_REPORT, "complaint subject with the reported message attached");
        }
        if (h.has("X-Failed-Recipients")) {
            return Verdict.of(Kind.BOUNCE, "X-Failed-Recipients header");
        }
        String from = s.fromAddress() == null ? "" : s.fromAddress().trim();
        boolean nullPath = isNullReturnPath(h);
        String autoSubmitted = lower(h.raw("Auto-Submitted"));
        boolean autoSubmittedYes = autoSubmitted != null && !autoSubmitted.isBlank() && !autoSubmitted.startsWith("no");
        if (!from.isEmpty() && MAILER_DAEMON.matcher(from).matches()) {
            return Verdict.of(Kind.BOUNCE, "sender " + from);
        }
        if (!from.isEmpty() && POSTMASTER.matcher(from).matches() && (nullPath || autoSubmittedYes)) {
            // postmaster@ is also used by humans: require a second machine signal
            return Verdict.of(Kind.BOUNCE, "sender " + from + (nullPath ? " with null return path" : " with Auto-Submitted"));
        }
        String subject = s.subject() == null ? "" : s.subject();
        if (BOUNCE_SUBJECT.matcher(subject).find()) {
            return Verdict.of(Kind.BOUNCE, "bounce subject '" + abbreviate(subject) + "'");
        }
        if (OOF_SUBJECT.matcher(subject).find()) {
            String suppress = h.raw("X-Auto-Response-Suppress");
            return Verdict.of(Kind.AUTO_REPLY, "out-of-office subject '" + abbreviate(subject) + "'"
                    + (suppress != null ? " with X-Auto-Response-Suppress: " + suppress : ""));
        }
        if (autoSubmittedYes) {
            return Verdict.of(Kind.AUTO_REPLY, "Auto-Submitted: " + autoSubmitted);
        }
        String autogenerated = lower(h.raw("X-Autogenerated"));
        if (autogenerated != null && autogenerated.startsWith("reply")) {
            return Verdict.of(Kind.AUTO_REPLY, "X-Autogenerated: Reply");
        }
        for (String name : new String[] {"X-Autoreply", "X-Autorespond", "X-Autoresponder"}) {
            String v = lower(h.raw(name));
            if (v != null && !v.equals("no") && !v.equals("false") && !v.equals("0")) {
                return Verdict.of(Kind.AUTO_REPLY, name + " header");
            }
        }
        String suppress = lower(h.raw("X-Auto-Response-Suppress"));
        if (suppress != null && h.has("X-MS-Exchange-Inbox-Rules-Loop")) {
            return Verdict.of(Kind.AUTO_REPLY, "Exchange inbox-rule reply (X-MS-Exchange-Inbox-Rules-Loop)");
        }
        String precedence = lower(h.raw("Precedence"));
        if (precedence != null && precedence.contains("auto_reply")) {
            return Verdict.of(Kind.AUTO_REPLY, "Precedence: " + precedence);
        }
        if (nullPath) {
            return Verdict.of(Kind.BOUNCE, "null return path <>");
        }
        boolean bulk = precedence != null && precedence.matches("(?s).*\\b(bulk|list|junk)\\b.*");
        if (bulk && policy == PrecedencePolicy.AUTO_REPLY) {
            return Verdict.of(Kind.AUTO_REPLY, "Precedence: " + precedence);
        }
        if (bulk) {
            return new Verdict(Kind.NONE, "Precedence: " + precedence + " (list/bulk traffic)", true);
        }
        String xLoop = h.raw("X-Loop");
        if (xLoop != null || h.has("List-Id") || h.has("List-Unsubscribe")) {
            return new Verdict(Kind.NONE, xLoop != null ? "X-Loop header" : "mailing-list headers", true);
        }
        return new Verdict(Kind.NONE, "", false);
    }

    private static boolean isNullReturnPath(MailHeaders h) {
        String returnPath = h.raw("Return-Path");
        return returnPath != null && returnPath.replaceAll("\\s+", "").equals("<>");
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
