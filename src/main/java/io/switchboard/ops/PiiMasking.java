package io.switchboard.ops;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks e-mail addresses and phone numbers in text bound for logs. */
public final class PiiMasking {

    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})");
    /**
     * 7+ digits, optionally with a leading + and separators, as phone numbers are written; digits glued to a
     * word, a path or an id ({@code it-infra-1623…}, {@code /tmp/123456789}) are not phone numbers.
     */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w./-])\\+?\\d(?:[\\d \\-().]{5,}\\d)(?![\\w/-]|\\.\\w)");

    private PiiMasking() {}

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = EMAIL.matcher(text).replaceAll("$1***@$2");
        Matcher phone = PHONE.matcher(masked);
        StringBuilder out = new StringBuilder(masked.length());
        while (phone.find()) {
            String number = phone.group();
            long digits = number.chars().filter(Character::isDigit).count();
            phone.appendReplacement(out, Matcher.quoteReplacement(digits >= 7 ? maskDigits(number) : number));
        }
        phone.appendTail(out);
        return out.toString();
    }

    /** Keeps the last two digits so an operator can still tell two numbers apart. */
    private static String maskDigits(String number) {
        StringBuilder masked = new StringBuilder(number);
        int keep = 2;
        for (int i = masked.length() - 1; i >= 0; i--) {
            if (Character.isDigit(masked.charAt(i))) {
                if (keep > 0) {
                    keep--;
                } else {
                    masked.setCharAt(i, '*');
                }
            }
        }
        return masked.toString();
    }
}
