package io.switchboard.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a plain-text body into the new text, the quoted earlier conversation and the signature.
 *
 * <p>Quote starts recognised: attribution lines ("On … wrote:", possibly wrapped over up to three lines; German,
 * French, Spanish and Chinese "在…写道：" variants), separators ("-----Original Message-----",
 * "------------------ 原始邮件 ------------------", QQ's "------------------ Original ------------------",
 * "-----邮件原件-----", Outlook's underscore rule), Outlook/Foxmail header blocks ("From:/发件人:" followed by
 * "Sent:/Date:/To:/Subject:/发送时间:/收件人:/主题:"), and "&gt;"-prefixed lines. Everything from a separator or
 * attribution onwards is quoted; "&gt;" lines above it (interleaved replies) go to quoted too while the answers between
 * them stay in the text. The signature is whatever follows the last "-- " delimiter in the new text, or a trailing
 * mobile sign-off such as "Sent from my iPhone" / "发自我的iPhone".
 */
public final class ReplySplitter {

    /** Result of a split; all parts are trimmed, never null. */
    public record Split(String text, String quoted, String signature) {
    }

    private static final Pattern ATTRIBUTION_END = Pattern.compile(
            "(?is).*(\\bwrote|\\bwrites|schrieb|a écrit|escribió|ha scritto|napisał|写道|寫道|написал[аи]?)\\s*[:：]?\\s*$");
    private static final Pattern ATTRIBUTION_START = Pattern.compile(
            "(?is)^\\s*((on|am|le|el|il|w dniu)\\s.*|(在|于|於).*|.*(写道|寫道).*)");
    private static final Pattern SEPARATOR = Pattern.compile(
            "(?i)^\\s*(-{2,}\\s*(original message|original|ursprüngliche nachricht|message d'origine|mensaje original"
                    + "|原始邮件|原始郵件|邮件原件|原邮件|回复的原邮件)\\s*-{2,}"
                    + "|_{20,}|={20,}\\s*)\\s*$");
    /** A forwarded message is content, not quoted history: quote detection stops there. */
    private static final Pattern FORWARD = Pattern.compile(
            "(?i)^\\s*(-{2,}\\s*(forwarded message|original message follows|转发的邮件|轉寄的郵件)\\s*-{2,}"
                    + "|begin forwarded message:|-+\\s*转发邮件信息\\s*-+)\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("(?i)^\\s*\\*?(from|von|de|发件人|寄件者|寄件人)\\*?\\s*[:：].*");
    private static final Pattern HEADER_OTHER = Pattern.compile(
            "(?i)^\\s*\\*?(sent|date|to|subject|cc|gesendet|an|betreff|envoyé|objet|发送时间|日期|时间|收件人|抄送|主题|寄件日期|收件者|主旨)\\*?\\s*[:：].*");
    private static final Pattern SIGNOFF = Pattern.compile(
            "(?i)^\\s*(sent from my \\w+.*|sent from (outlook|mail|yahoo mail).*|get outlook for .*|发自我的\\s*\\S+.*|"
                    + "从我的\\s*\\S+\\s*发送.*|来自\\s*\\S+\\s*邮箱.*|发自\\s*\\S+\\s*邮箱.*|sent via .*)\\s*$");

    private ReplySplitter() {
    }

    public static Split split(String body) {
        if (body == null || body.isBlank()) {
            return new Split("", "", "");
        }
        String[] lines = body.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int n = lines.length;
        int cut = findQuoteStart(lines);
        List<String> text = new ArrayList<>();
        List<String> quoted = new ArrayList<>();
        int textEnd = cut < 0 ? n : cut;
        for (int i = 0; i < textEnd; i++) {
            String l = lines[i];
            if (isQuoteLine(l)) {
                // an attribution line right above a quote block belongs to the quote
                if (!text.isEmpty() && isAttributionTail(text)) {
                    quoted.add(text.remove(text.size() - 1));
                }
                quoted.add(l);
            } else {
                text.add(l);
            }
        }
        for (int i = textEnd; i < n; i++) {
            quoted.add(lines[i]);
        }
        // signature inside the new text
        List<String> sig = new ArrayList<>();
        int sigStart = -1;
        for (int i = text.size() - 1; i >= 0; i--) {
            String l = text.get(i);
            if (l.equals("-- ") || l.equals("--") || l.equals("-- \u00a0") || l.equals("—")) {
                sigStart = i;
                break;
            }
        }
        if (sigStart >= 0 && text.size() - sigStart <= 25) {
            sig.addAll(text.subList(sigStart + 1, text.size()));
            text = new ArrayList<>(text.subList(0, sigStart));
        } else {
            int last = lastNonBlank(text);
            if (last >= 0 && SIGNOFF.matcher(text.get(last)).matches()) {
                sig.add(text.get(last));
                text = new ArrayList<>(text.subList(0, last));
            }
        }
        return new Split(join(text), join(quoted), join(sig));
    }

    private static boolean isAttributionTail(List<String> text) {
        int last = lastNonBlank(text);
        if (last < 0 || last != text.size() - 1) {
            return false;
        }
        return ATTRIBUTION_END.matcher(text.get(last)).matches();
    }

    private static int lastNonBlank(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    static boolean isQuoteLine(String l) {
        return l.startsWith(">") || l.startsWith(" >");
    }

    /** Index of the first line of a quoted-history block introduced by an attribution/separator/header block. */
    private static int findQuoteStart(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.isBlank() || isQuoteLine(l)) {
                continue;
            }
            if (FORWARD.matcher(l).matches()) {
                return -1;
            }
            if (SEPARATOR.matcher(l).matches()) {
                return i;
            }
            if (HEADER_FROM.matcher(l).matches() && headerBlockFollows(lines, i)) {
                return i;
            }
            // attribution possibly wrapped over up to 3 lines: "On Mon, 1 Jan 2024, Jane <\njane@x> wrote:"
            if (ATTRIBUTION_START.matcher(l).matches()) {
                StringBuilder joined = new StringBuilder(l);
                for (int k = 0; k < 3 && i + k < lines.length; k++) {
                    if (k > 0) {
                        joined.append(' ').append(lines[i + k]);
                    }
                    String j = joined.toString();
                    if (j.length() < 400 && ATTRIBUTION_END.matcher(j).matches()
                            && ATTRIBUTION_START.matcher(j).matches()) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static boolean headerBlockFollows(String[] lines, int i) {
        int seen = 0;
        for (int k = i + 1; k < Math.min(lines.length, i + 6); k++) {
            if (HEADER_OTHER.matcher(lines[k]).matches()) {
                seen++;
            }
        }
        return seen >= 1;
    }

    private static String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.stripTrailing()).append('\n');
        }
        return sb.toString().strip();
    }
}
