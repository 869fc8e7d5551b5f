package io.switchboard.tagging;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.switchboard.domain.ContactRecord.Entities;
import io.switchboard.tagging.classifier.TraditionalToSimplified;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Order numbers (the taxonomy's configurable patterns), phone numbers (E.164, via libphonenumber),
 * e-mail addresses (lower case), amounts with their currency ({@code 3999.00 CNY}) and dates
 * (ISO {@code yyyy-MM-dd}; a date without a year takes the year it was received in, 昨天 / yesterday
 * count from the day it was received). Works on NFKC text folded to Simplified Chinese, so full-width digits,
 * ￥ and 訂單號 / 塊錢 are read too.
 * A digit run already taken as an order number or a date is not read again as a phone number.
 */
public final class EntityExtractor {

    private static final String NUMBER = "(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d{1,2}))?";
    private static final String PREFIX_CURRENCY = "(US\\$|HK\\$|¥|\\$|€|£|RMB|CNY|USD|EUR|GBP|HKD)";
    private static final String SUFFIX_CURRENCY =
            "(元|块钱|块|人民币|美元|欧元|英镑|港币|RMB|CNY|USD|EUR|GBP|HKD|dollars?|euros?|yuan|pounds?)";
    private static final Pattern AMOUNT_PREFIX = Pattern.compile(
            "(?<![A-Za-z])" + PREFIX_CURRENCY + "\\s?" + NUMBER, Pattern.CASE_INSENSITIVE);
    private static final Pattern AMOUNT_SUFFIX = Pattern.compile(
            "(?<![\\d.,])" + NUMBER + "\\s?" + SUFFIX_CURRENCY + "(?![A-Za-z])", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> CURRENCY = Map.ofEntries(
            Map.entry("¥", "CNY"), Map.entry("rmb", "CNY"), Map.entry("cny", "CNY"), Map.entry("元", "CNY"),
            Map.entry("块", "CNY"), Map.entry("块钱", "CNY"), Map.entry("人民币", "CNY"), Map.entry("yuan", "CNY"),
            Map.entry("$", "USD"), Map.entry("us$", "USD"), Map.entry("usd", "USD"), Map.entry("美元", "USD"),
            Map.entry("dollar", "USD"), Map.entry("dollars", "USD"),
            Map.entry("€", "EUR"), Map.entry("eur", "EUR"), Map.entry("欧元", "EUR"), Map.entry("euro", "EUR"),
            Map.entry("euros", "EUR"), Map.entry("£", "GBP"), Map.entry("gbp", "GBP"), Map.entry("英镑", "GBP"),
            Map.entry("pound", "GBP"), Map.entry("pounds", "GBP"),
            Map.entry("hk$", "HKD"), Map.entry("hkd", "HKD"), Map.entry("港币", "HKD"));

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    private static final Pattern DATE_NUMERIC = Pattern.compile(
            "(?<!\\d)(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)");
    private static final Pattern DATE_ZH = Pattern.compile(
            "(?:(\\d{4})\\s?年\\s?)?(\\d{1,2})\\s?月\\s?(\\d{1,2})\\s?[日号]");
    private static final String MONTHS = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])\\.?";
    private static final Pattern DATE_EN_DAY_FIRST = Pattern.compile(
            "(?<![A-Za-z0-9])(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTHS + "(?:,?\\s+(\\d{4}))?(?![A-Za-z0-9])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_EN_MONTH_FIRST = Pattern.compile(
            "(?<![A-Za-z])" + MONTHS + "\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?(?![A-Za-z0-9])",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> RELATIVE_DAYS = Map.of(
            "前天", -2, "昨天", -1, "今天", 0, "明天", 1, "yesterday", -1, "today", 0, "tomorrow", 1);
    private static final Pattern RELATIVE = Pattern.compile("前天|昨天|今天|明天|\\b(?:yesterday|today|tomorrow)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> MONTH_NAMES = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");

    private final List<Pattern> orderNumbers;
    private final ZoneId zone;
    private final String phoneRegion;

    public EntityExtractor(List<Pattern> orderNumbers, ZoneId zone, String phoneRegion) {
        this.orderNumbers = List.copyOf(orderNumbers);
        this.zone = zone;
        this.phoneRegion = phoneRegion;
    }

    public Entities extract(String text, Instant receivedAt) {
        if (text == null || text.isBlank()) {
            return Entities.none();
        }
        String s = TraditionalToSimplified.shipped().fold(Normalizer.normalize(text, Normalizer.Form.NFKC));
        List<int[]> taken = new ArrayList<>();
        Set<String> orders = new LinkedHashSet<>();
        for (Pattern p : orderNumbers) {
            Matcher m = p.matcher(s);
            while (m.find()) {
                int g = m.groupCount() >= 1 && m.group(1) != null ? 1 : 0;
                orders.add(m.group(g).toUpperCase(Locale.ROOT));
                taken.add(new int[] {m.start(g), m.end(g)});
            }
        }
        Set<String> emails = new LinkedHashSet<>();
        Matcher em = EMAIL.matcher(s);
        while (em.find()) {
            emails.add(em.group().toLowerCase(Locale.ROOT));
            taken.add(new int[] {em.start(), em.end()});
        }
        Set<String> dates = dates(s, receivedAt, taken);
        Set<String> amounts = new LinkedHashSet<>();
        amounts(AMOUNT_PREFIX.matcher(s), 1, 2, 3, amounts, taken);
        amounts(AMOUNT_SUFFIX.matcher(s), 3, 1, 2, amounts, taken);
        Set<String> phones = new LinkedHashSet<>();
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (PhoneNumberMatch m : util.findNumbers(s, phoneRegion, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            if (!overlaps(taken, m.start(), m.end())) {
                phones.add(util.format(m.number(), PhoneNumberUtil.PhoneNumberFormat.E164));
            }
        }
        return new Entities(List.copyOf(orders), List.copyOf(phones), List.copyOf(emails), List.copyOf(amounts),
                List.copyOf(dates));
    }

    private static void amounts(Matcher m, int currencyGroup, int wholeGroup, int centsGroup, Set<String> out,
            List<int[]> taken) {
        while (m.find()) {
            if (overlaps(taken, m.start(), m.end())) {
                continue;
            }
            String currency = CURRENCY.get(m.group(currencyGroup).toLowerCase(Locale.ROOT));
            String cents = m.group(centsGroup) == null ? "" : "." + m.group(centsGroup);
            BigDecimal value = new BigDecimal(m.group(wholeGroup).replace(",", "") + cents)
                    .setScale(2, RoundingMode.UNNECESSARY);
            out.add(value.toPlainString() + " " + currency);
            taken.add(new int[] {m.start(), m.end()});
        }
    }

    private Set<String> dates(String s, Instant receivedAt, List<int[]> taken) {
        LocalDate received = LocalDate.ofInstant(receivedAt, zone);
        Set<String> out = new LinkedHashSet<>();
        Matcher m = DATE_NUMERIC.matcher(s);
        while (m.find()) {
            date(out, taken, m, m.group(1), Integer.parseInt(m.group(2)), m.group(3), received);
        }
        m = DATE_ZH.matcher(s);
        while (m.find()) {
            date(out, taken, m, m.group(1), Integer.parseInt(m.group(2)), m.group(3), received);
        }
        m = DATE_EN_DAY_FIRST.matcher(s);
        while (m.find()) {
            date(out, taken, m, m.group(3), month(m.group(2)), m.group(1), received);
        }
        m = DATE_EN_MONTH_FIRST.matcher(s);
        while (m.find()) {
            date(out, taken, m, m.group(3), month(m.group(1)), m.group(2), received);
        }
        m = RELATIVE.matcher(s);
        while (m.find()) {
            out.add(received.plusDays(RELATIVE_DAYS.get(m.group().toLowerCase(Locale.ROOT))).toString());
        }
        return out;
    }

    private static void date(Set<String> out, List<int[]> taken, Matcher m, String year, int month, String day,
            LocalDate received) {
        if (overlaps(taken, m.start(), m.end())) {
            return;
        }
        try {
            int y = year == null ? received.getYear() : Integer.parseInt(year);
            out.add(LocalDate.of(y, month, Integer.parseInt(day)).toString());
            taken.add(new int[] {m.start(), m.end()});
        } catch (DateTimeException e) {
            // 2026-13-45 is a number that looks like a date, not a date
        }
    }

    private static int month(String name) {
        return MONTH_NAMES.indexOf(name.toLowerCase(Locale.ROOT).substring(0, 3)) + 1;
    }

    private static boolean overlaps(List<int[]> taken, int start, int end) {
        for (int[] t : taken) {
            if (start < t[1] && t[0] < end) {
                return true;
            }
        }
        return false;
    }
}
