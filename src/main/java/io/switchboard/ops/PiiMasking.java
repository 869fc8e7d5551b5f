package io.switchboard.ops;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text bound for logs and summaries, keeping enough to tell two values apart:
 * <ul>
 *   <li>e-mail addresses: first character and domain ({@code l***@example.com});</li>
 *   <li>居民身份证 numbers, 18 characters (6-digit region, a birth date 18xx–20xx, 3 digits, a check digit or
 *       {@code X}): all but the last 4; old 15-digit ones only right after a label (身份证, 证件, ID card,
 *       ID no), since without one a 15-digit number is as likely an order or transaction number;</li>
 *   <li>bank card numbers: 13–19 digits, bare or grouped by spaces or dashes, with a card-network prefix
 *       (2221–2720, 3, 4, 5, 6, or 9 for older domestic cards) and a valid Luhn check digit: all but the last 4;</li>
 *   <li>phone numbers: all but the last 2 digits, when written as phone numbers are (a leading {@code +},
 *       or 7–15 digits grouped by spaces, dashes, dots or parentheses), or bare as a Chinese mobile
 *       ({@code 1[3-9]} + 9 digits, optionally after {@code 86} or {@code 0086}), a Chinese number with
 *       its trunk 0 and area code, or a 10-digit North American number.</li>
 * </ul>
 * Left alone, because they are not personal: timestamps (epoch seconds and milliseconds, ISO and
 * {@code yyyy-MM-dd HH:mm:ss} forms), offsets and counters, UUIDs, IPv4 addresses, decimals, version
 * strings, digits glued to a word, path or id, and long numbers that fail the card checks (order numbers).
 *
 * <p>Masking is idempotent: masked text has too few digits left to match again, so a record passing
 * several handlers' filters comes out the same.
 */
public final class PiiMasking {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");

    private static final String BIRTH_MONTH_DAY = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])";
    private static final Pattern RESIDENT_ID = Pattern.compile(
            "(?<![\\w-])[1-9]\\d{5}(?:18|19|20)\\d{2}" + BIRTH_MONTH_DAY + "\\d{3}[\\dXx](?![\\w-])");
    private static final Pattern OLD_RESIDENT_ID = Pattern.compile(
            "(身份证|证件|(?i:\\bid[ _-]?(?:card|no)\\b))([^\\d\\r\\n]{0,8})([1-9]\\d{7}" + BIRTH_MONTH_DAY + "\\d{3})(?![\\w-])");

    /** 13–19 digits, single spaces or dashes between them, not part of a longer number, id or decimal. */
    private static final Pattern CARD = Pattern.compile("(?<![\\w+.-])(?:\\d[ -]?){12,18}\\d(?![\\w-]|[ -]\\d)");

    /**
     * 7+ digits, optionally with a leading + and separators, as phone numbers are written; digits glued to a
     * word, a path or an id ({@code it-infra-1623…}, {@code /tmp/123456789}) are not phone numbers.
     */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w./-])\\+?\\d(?:[\\d \\-().]{5,}\\d)(?![\\w/-]|\\.\\w)");
    private static final Pattern BARE_PHONE = Pattern.compile(
            "(?:(?:00)?86)?1[3-9]\\d{9}|0[1-9]\\d{8,10}|[2-9]\\d{2}[2-9]\\d{6}");
    private static final Pattern DATE_FIRST = Pattern.compile("^\\d{4}[-.]\\d{1,2}[-.]\\d{1,2}");
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(?:\\.\\d{1,3}){3}$");
    private static final Pattern DECIMAL = Pattern.compile("^\\d+\\.\\d+$");

    private static final int MAX_CAUSES = 32;

    private PiiMasking() {}

    public static String mask(String text) {
        if (text == null || !mayHoldPersonalData(text)) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        masked = replace(RESIDENT_ID, masked, m -> maskAllButLast(m.group(), 4));
        masked = replace(OLD_RESIDENT_ID, masked, m -> m.group(1) + m.group(2) + maskAllButLast(m.group(3), 4));
        masked = replace(CARD, masked, m -> isCardNumber(m.group()) ? maskDigits(m.group(), 4) : m.group());
        return replace(PHONE, masked, m -> isPhoneNumber(m.group()) ? maskDigits(m.group(), 2) : m.group());
    }

    /**
     * The throwable as a log handler should print it: {@code thrown} itself when no message in it, its
     * causes or its suppressed exceptions holds personal data, else a stand-in that prints the same
     * class names and stack frames with the messages masked.
     */
    public static Throwable mask(Throwable thrown) {
        if (thrown == null || !holdsPersonalData(thrown, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return thrown;
        }
        return masked(thrown, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean holdsPersonalData(Throwable t, Set<Throwable> seen) {
        if (t == null || seen.size() > MAX_CAUSES || !seen.add(t)) {
            return false;
        }
        String description = t.toString();
        if (!description.equals(mask(description))) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (holdsPersonalData(suppressed, seen)) {
                return true;
            }
        }
        return holdsPersonalData(t.getCause(), seen);
    }

    private static Throwable masked(Throwable t, Set<Throwable> visiting) {
        if (t == null || visiting.size() > MAX_CAUSES || !visiting.add(t)) {
            return null; // a cycle, or a chain too long to be useful in a log
        }
        MaskedThrowable copy = new MaskedThrowable(mask(t.toString()), mask(t.getMessage()), masked(t.getCause(), visiting),
                t.getStackTrace());
        for (Throwable suppressed : t.getSuppressed()) {
            Throwable maskedSuppressed = masked(suppressed, visiting);
            if (maskedSuppressed != null) {
                copy.addSuppressed(maskedSuppressed);
            }
        }
        return copy;
    }

    /** Without an {@code @} or 7 digits there is nothing any rule could match: the common log line. */
    private static boolean mayHoldPersonalData(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@' || (c >= '0' && c <= '9' && ++digits >= 7)) {
                return true;
            }
        }
        return false;
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }

    static boolean isCardNumber(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int prefix = Integer.parseInt(digits.substring(0, 4));
        char network = digits.charAt(0);
        boolean knownNetwork = (prefix >= 2221 && prefix <= 2720) || (network >= '3' && network <= '6') || network == '9';
        return knownNetwork && luhnValid(digits);
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static boolean isPhoneNumber(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        if (digits < 7 || digits > 15) {
            return false; // E.164 allows at most 15 digits
        }
        if (candidate.startsWith("+")) {
            return true;
        }
        if (candidate.chars().allMatch(Character::isDigit)) {
            return BARE_PHONE.matcher(candidate).matches();
        }
        return !DATE_FIRST.matcher(candidate).find() && !IPV4.matcher(candidate).matches()
                && !DECIMAL.matcher(candidate).matches();
    }

    private static String maskAllButLast(String value, int keep) {
        return "*".repeat(Math.max(0, value.length() - keep)) + value.substring(Math.max(0, value.length() - keep));
    }

    /** Replaces every digit but the last {@code keep} with {@code *}, keeping the separators. */
    private static String maskDigits(String number, int keep) {
        StringBuilder masked = new StringBuilder(number);
        int kept = 0;
        for (int i = masked.length() - 1; i >= 0; i--) {
            if (Character.isDigit(masked.charAt(i))) {
                if (kept < keep) {
                    kept++;
                } else {
                    masked.setCharAt(i, '*');
                }
            }
        }
        return masked.toString();
    }

    /** Prints as the original (class name, masked message, same frames) without being able to leak its message. */
    private static final class MaskedThrowable extends Throwable {

        private static final long serialVersionUID = 1L;

        private final String description;

        MaskedThrowable(String description, String message, Throwable cause, StackTraceElement[] frames) {
            super(message, cause, true, true);
            this.description = description;
            setStackTrace(frames);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the original's frames are set instead
        }

        @Override
        public String toString() {
            return description;
        }
    }
}
