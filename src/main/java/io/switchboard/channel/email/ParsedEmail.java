package io.switchboard.channel.email;

import java.time.Instant;
import java.util.List;

/**
 * Channel-neutral, immutable view of one email.
 *
 * @param from sender (null if absent or unparseable; then a warning is recorded)
 * @param to To recipients
 * @param cc Cc recipients
 * @param replyTo Reply-To addresses
 * @param subject decoded subject ("" if absent)
 * @param messageId normalised Message-ID (no brackets, lower-case) or null
 * @param inReplyTo normalised In-Reply-To ids
 * @param references normalised References ids, oldest first
 * @param date Date header as an instant, or null if missing/unparseable
 * @param text the new part of the body (quoted history and signature removed)
 * @param quoted the quoted earlier conversation ("" if none)
 * @param signature the signature block ("" if none)
 * @param fullText the whole body text before splitting
 * @param html true if the message carries an HTML body part
 * @param textFromHtml true if {@code fullText} was derived from HTML because no text/plain body existed
 * @param htmlBody the raw HTML body (decoded to a String) or null
 * @param attachments non-body parts (including embedded messages and inline images)
 * @param language optional BCP 47 hint ("zh", "ja", "ko", "ru", "en", ...) from the script of the text, or null
 * @param threadKey root Message-ID of the thread, see {@link Threading#threadKey}; null if the mail has no ids
 * @param subjectKey subject with reply/forward prefixes and [tags] stripped, lower-cased, see {@link Threading#subjectKey}
 * @param loopGuard auto-reply / bounce classification
 * @param bouncedMessageId for bounces: normalised Message-ID of the original message if it could be found
 * @param authenticationResults the {@code Authentication-Results} header fields, topmost (newest) first
 * @param warnings everything that needed a fallback (charset guesses, broken MIME, missing headers)
 */
public record ParsedEmail(
        EmailAddress from,
        List<EmailAddress> to,
        List<EmailAddress> cc,
        List<EmailAddress> replyTo,
        String subject,
        String messageId,
        List<String> inReplyTo,
        List<String> references,
        Instant date,
        String text,
        String quoted,
        String signature,
        String fullText,
        boolean html,
        boolean textFromHtml,
        String htmlBody,
        List<Attachment> attachments,
        String language,
        String threadKey,
        String subjectKey,
        LoopGuard.Verdict loopGuard,
        String bouncedMessageId,
        List<String> authenticationResults,
        List<String> warnings) {

    public ParsedEmail {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        replyTo = List.copyOf(replyTo);
        inReplyTo = List.copyOf(inReplyTo);
        references = List.copyOf(references);
        attachments = List.copyOf(attachments);
        authenticationResults = List.copyOf(authenticationResults);
        warnings = List.copyOf(warnings);
        subject = subject == null ? "" : subject;
        text = text == null ? "" : text;
        quoted = quoted == null ? "" : quoted;
        signature = signature == null ? "" : signature;
        fullText = fullText == null ? "" : fullText;
    }

    /** Convenience: the loop-guard kind. */
    public LoopGuard.Kind loopKind() {
        return loopGuard.kind();
    }
}
