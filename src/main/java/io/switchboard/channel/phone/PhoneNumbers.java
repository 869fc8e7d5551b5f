package io.switchboard.channel.phone;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Classifies and normalises caller/callee numbers from CDRs and webhooks: public numbers to
 * E.164 with libphonenumber and a default region, internal extensions kept as extensions,
 * withheld numbers recognised, everything else kept raw and flagged INVALID.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PhoneNumbers {

    public static final String DEFAULT_REGION = "CN";
    public static final int DEFAULT_MAX_EXTENSION_DIGITS = 6;

    /** Lower-case caller-id values that mean "withheld". */
    private static final Set<String> ANONYMOUS_TOKENS = Set.of(
            "anonymous", "unknown", "private", "withheld", "restricted", "unavailable",
            "anonymous@anonymous.invalid", "not available", "blocked", "<unknown>", "none", "null");

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./()\\u00A0]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;
    private final int maxExtensionDigits;
    private final Pattern extensionPattern;

    /** Default region CN, extensions of up to 6 digits, no extra pattern. */
    public PhoneNumbers() {
        this(DEFAULT_REGION, DEFAULT_MAX_EXTENSION_DIGITS, null);
    }

    public PhoneNumbers(String defaultRegion) {
        this(defaultRegion, DEFAULT_MAX_EXTENSION_DIGITS, null);
    }

    /**
     * @param defaultRegion      ISO 3166 region for numbers without country code (e.g. "CN", "US")
     * @param maxExtensionDigits all-digit values with at most this many digits are extensions
     *                           (0 disables the rule)
     * @param extensionPattern   optional regex; values (after removing separators) matching it
     *                           entirely are extensions too, e.g. {@code 8[0-9]{3}} or {@code [0-9]{3,4}#?}
     */
    public PhoneNumbers(String defaultRegion, int maxExtensionDigits, Pattern extensionPattern) {
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        String region = defaultRegion.toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("unsupported region '" + defaultRegion + "'");
        }
        if (maxExtensionDigits < 0) {
            throw new IllegalArgumentException("maxExtensionDigits must be >= 0");
        }
        this.defaultRegion = region;
        this.maxExtensionDigits = maxExtensionDigits;
        this.extensionPattern = extensionPattern;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    public int maxExtensionDigits() {
        return maxExtensionDigits;
    }

    /** Classifies and normalises {@code raw}; never throws. */
    public NormalizedNumber normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return new NormalizedNumber(raw, NormalizedNumber.Type.EMPTY, null);
        }
        String s = raw.trim();
        if (isAnonymousToken(s)) {
            return new NormalizedNumber(raw, NormalizedNumber.Type.ANONYMOUS, null);
        }
        s = stripUri(s);
        if (s.isEmpty() || isAnonymousToken(s)) {
            return new NormalizedNumber(raw, NormalizedNumber.Type.ANONYMOUS, null);
        }
        String compact = SEPARATORS.matcher(s).replaceAll("");
        if (isExtension(compact)) {
            return new NormalizedNumber(raw, NormalizedNumber.Type.EXTENSION, compact);
        }
        String e164 = toE164(compact);
        if (e164 == null && compact.startsWith("00") && compact.length() > 2) {
            // 00 is the international prefix in most of the world even where the default
            // region dials out differently (e.g. 011 in NANP)
            e164 = toE164("+" + compact.substring(2));
        }
        if (e164 != null) {
            return new NormalizedNumber(raw, NormalizedNumber.Type.PHONE, e164);
        }
        return new NormalizedNumber(raw, NormalizedNumber.Type.INVALID, raw);
    }

    /** E.164 string or null when {@code raw} is not a valid public number. */
    public String e164OrNull(String raw) {
        NormalizedNumber n = normalize(raw);
        return n.isPhone() ? n.value() : null;
    }

    /** Whether the value (separators ignored) is an internal extension under this configuration. */
    public boolean isExtension(String value) {
        if (value == null) {
            return false;
        }
        String compact = SEPARATORS.matcher(value.trim()).replaceAll("");
        if (compact.isEmpty()) {
            return false;
        }
        if (extensionPattern != null && extensionPattern.matcher(compact).matches()) {
            return true;
        }
        return maxExtensionDigits > 0 && compact.length() <= maxExtensionDigits
                && DIGITS.matcher(compact).matches();
    }

    private String toE164(String candidate) {
        try {
            PhoneNumber n = UTIL.parse(candidate, defaultRegion);
            if (UTIL.isValidNumber(n)) {
                return UTIL.format(n, PhoneNumberFormat.E164);
            }
            return null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static boolean isAnonymousToken(String s) {
        return ANONYMOUS_TOKENS.contains(s.toLowerCase(Locale.ROOT));
    }

    /** {@code sip:1001@host;params}, {@code tel:+86...}, {@code <sip:...>} → user part. */
    private static String stripUri(String s) {
        String v = s;
        if (v.startsWith("<") && v.endsWith(">")) {
            v = v.substring(1, v.length() - 1);
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            v = v.substring(v.indexOf(':') + 1);
            int at = v.indexOf('@');
            if (at >= 0) {
                v = v.substring(0, at);
            }
            int semi = v.indexOf(';');
            if (semi >= 0) {
                v = v.substring(0, semi);
            }
        } else if (lower.startsWith("tel:")) {
            v = v.substring(4);
            int semi = v.indexOf(';');
            if (semi >= 0) {
                v = v.substring(0, semi);
            }
        }
        return v.trim();
    }
}
