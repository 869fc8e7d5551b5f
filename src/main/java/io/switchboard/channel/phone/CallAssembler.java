package io.switchboard.channel.phone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges CDR legs into calls.
 *
 * <p>Grouping: by {@code linkedid} when present, else {@code uniqueid}/FreeSWITCH {@code uuid};
 * a FreeSWITCH {@code bleg_uuid} additionally joins the b-leg's row to its a-leg. Rows without
 * any id are their own call, keyed by a hash of their content (identical rows collapse).
 * A row seen twice with the same content on the same line (a re-dropped file) is counted once;
 * identical rows on different lines are kept.
 *
 * <p>Status per leg: lastapp VoiceMail → VOICEMAIL; Asterisk disposition ANSWERED → ANSWERED
 * (but ANSWERED by an "abandon app" such as Queue with no bridged channel → MISSED),
 * NO ANSWER/CANCEL → MISSED, BUSY → BUSY, FAILED/CONGESTION → FAILED; FreeSWITCH legs by answer
 * time and Q.850 hangup cause; otherwise answered iff an answer time exists. The call takes the
 * best leg status in the order ANSWERED &gt; VOICEMAIL &gt; MISSED &gt; BUSY &gt; FAILED.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CallAssembler {

    private static final Pattern CLID_NAME = Pattern.compile("^\\s*\"((?:[^\"]|\"\")*)\"\\s*<[^>]*>\\s*$");
    private static final Pattern CLID_BARE_NAME = Pattern.compile("^\\s*([^<\"]+?)\\s*<[^>]*>\\s*$");

    private final Config config;

    public CallAssembler() {
        this(Config.builder().build());
    }

    public CallAssembler(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Config config() {
        return config;
    }

    /** Groups {@code rows} (any order, any number of files) into calls, in order of first appearance. */
    public List<CallRecord> assemble(Collection<CdrRow> rows) {
        Map<String, String> parent = new HashMap<>();
        List<String> keys = new ArrayList<>(rows.size());
        for (CdrRow r : rows) {
            String key = groupKey(r);
            keys.add(key);
            find(parent, key);
            String bleg = r.get(CdrField.BLEG_UUID).trim();
            if (!bleg.isEmpty()) {
                union(parent, key, bleg);
            }
        }
        Map<String, List<CdrRow>> groups = new LinkedHashMap<>();
        Map<String, List<String>> groupKeys = new HashMap<>();
        int i = 0;
        for (CdrRow r : rows) {
            String key = keys.get(i++);
            String root = find(parent, key);
            groups.computeIfAbsent(root, k -> new ArrayList<>()).add(r);
            groupKeys.computeIfAbsent(root, k -> new ArrayList<>()).add(key);
        }
        List<CallRecord> calls = new ArrayList<>(groups.size());
        for (Map.Entry<String, List<CdrRow>> e : groups.entrySet()) {
            calls.add(merge(e.getValue(), groupKeys.get(e.getKey())));
        }
        return calls;
    }

    /** Outcome of a single leg (see class comment). */
    public CallStatus legStatus(CdrRow r) {
        String app = r.get(CdrField.LAST_APP).trim();
        if (containsIgnoreCase(config.voicemailApps, app)) {
            return CallStatus.VOICEMAIL;
        }
        if (r.has(CdrField.DISPOSITION)) {
            String d = r.get(CdrField.DISPOSITION).trim().toUpperCase(Locale.ROOT);
            switch (d) {
                case "ANSWERED":
                    if (containsIgnoreCase(config.abandonApps, app) && r.get(CdrField.DST_CHANNEL).isBlank()) {
                        return CallStatus.MISSED;
                    }
                    return CallStatus.ANSWERED;
                case "NO ANSWER": case "NOANSWER": case "NO_ANSWER": case "CANCEL": case "CANCELED":
                case "CANCELLED":
                    return CallStatus.MISSED;
                case "BUSY":
                    return CallStatus.BUSY;
                case "FAILED": case "CONGESTION":
                    return CallStatus.FAILED;
                default:
                    break;
            }
        }
        boolean answered = r.answer() != null || (r.billSeconds() != null && r.billSeconds() > 0);
        if (r.has(CdrField.HANGUP_CAUSE)) {
            if (answered) {
                return CallStatus.ANSWERED;
            }
            String cause = r.get(CdrField.HANGUP_CAUSE).trim().toUpperCase(Locale.ROOT);
            switch (cause) {
                case "USER_BUSY": case "CALL_REJECTED":
                    return CallStatus.BUSY;
                case "NO_ANSWER": case "NO_USER_RESPONSE": case "ORIGINATOR_CANCEL": case "NORMAL_CLEARING":
                case "ALLOTTED_TIMEOUT": case "LOSE_RACE": case "PICKED_OFF": case "ATTENDED_TRANSFER":
                case "BLIND_TRANSFER":
                    return CallStatus.MISSED;
                default:
                    return CallStatus.FAILED;
            }
        }
        return answered ? CallStatus.ANSWERED : CallStatus.MISSED;
    }

    // ------------------------------------------------------------------ merging

    private CallRecord merge(List<CdrRow> rawLegs, List<String> keys) {
        // De-duplicate re-dropped rows: the same content on the same physical line (the same file
        // read twice, or an append-only file read again). Identical rows on different lines are
        // kept: parallel legs can be byte-identical, e.g. when channel names are blanked.
        List<CdrRow> legs = new ArrayList<>();
        List<String> legKeys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rawLegs.size(); i++) {
            CdrRow leg = rawLegs.get(i);
            if (seen.add(leg.contentHash() + "@" + leg.line())) {
                legs.add(rawLegs.get(i));
                legKeys.add(keys.get(i));
            }
        }
        // earliest leg: min start, tie: smallest key (stable regardless of input order)
        int firstIdx = 0;
        for (int i = 1; i < legs.size(); i++) {
            int c = legs.get(i).start().compareTo(legs.get(firstIdx).start());
            if (c < 0 || (c == 0 && legKeys.get(i).compareTo(legKeys.get(firstIdx)) < 0)) {
                firstIdx = i;
            }
        }
        CdrRow first = legs.get(firstIdx);
        String callId = config.callIdPrefix + legKeys.get(firstIdx);

        List<CallStatus> statuses = new ArrayList<>(legs.size());
        for (CdrRow leg : legs) {
            statuses.add(legStatus(leg));
        }
        CallStatus status = null;
        for (CallStatus s : PRECEDENCE) {
            if (statuses.contains(s)) {
                status = s;
                break;
            }
        }
        CdrRow primary = first;
        if (status == CallStatus.ANSWERED || status == CallStatus.VOICEMAIL) {
            CdrRow best = null;
            for (int i = 0; i < legs.size(); i++) {
                if (statuses.get(i) == status && (best == null || betterAnswered(legs.get(i), best))) {
                    best = legs.get(i);
                }
            }
            primary = best;
        }

        Instant startedAt = first.start();
        Instant endedAt = null;
        long maxLegDuration = 0;
        for (CdrRow leg : legs) {
            if (leg.end() != null && (endedAt == null || leg.end().isAfter(endedAt))) {
                endedAt = leg.end();
            }
            if (leg.durationSeconds() != null) {
                maxLegDuration = Math.max(maxLegDuration, leg.durationSeconds());
            }
        }
        long duration = endedAt != null && !endedAt.isBefore(startedAt)
                ? Duration.between(startedAt, endedAt).getSeconds()
                : maxLegDuration;
        Instant answeredAt = status == CallStatus.ANSWERED || status == CallStatus.VOICEMAIL ? primary.answer() : null;
        long billSeconds = 0;
        if (answeredAt != null || status == CallStatus.ANSWERED) {
            if (primary.billSeconds() != null) {
                billSeconds = primary.billSeconds();
            } else if (primary.answer() != null && primary.end() != null && !primary.end().isBefore(primary.answer())) {
                billSeconds = Duration.between(primary.answer(), primary.end()).getSeconds();
            }
        }

        NormalizedNumber from = config.numbers.normalize(first.get(CdrField.SRC));
        NormalizedNumber to = config.numbers.normalize(first.get(CdrField.DST));
        CallDirection direction = direction(first, from, to);

        String agent = null;
        if (direction == CallDirection.INBOUND) {
            if (status == CallStatus.ANSWERED) {
                agent = extensionOf(primary.get(CdrField.DST), primary.get(CdrField.DST_CHANNEL));
            }
        } else {
            agent = extensionOf(first.get(CdrField.SRC), first.get(CdrField.CHANNEL));
        }
        boolean callback = CallRecord.needsCallback(direction, status, from);

        List<String> lines = new ArrayList<>(legs.size());
        for (CdrRow leg : legs) {
            lines.add(leg.source() + ":" + leg.line());
        }
        return new CallRecord(callId, direction, status, from, to, callerName(first), startedAt, answeredAt,
                endedAt, duration, billSeconds, agent, callback, first.get(CdrField.DCONTEXT),
                first.get(CdrField.ACCOUNT_CODE), legs.size(), lines);
    }

    private static final List<CallStatus> PRECEDENCE = List.of(
            CallStatus.ANSWERED, CallStatus.VOICEMAIL, CallStatus.MISSED, CallStatus.BUSY, CallStatus.FAILED);

    private static boolean betterAnswered(CdrRow a, CdrRow b) {
        Comparator<Instant> nullsLast = Comparator.nullsLast(Comparator.naturalOrder());
        int c = nullsLast.compare(a.answer(), b.answer());
        if (c != 0) {
            return c < 0;
        }
        long ab = a.billSeconds() == null ? 0 : a.billSeconds();
        long bb = b.billSeconds() == null ? 0 : b.billSeconds();
        return ab > bb;
    }

    private CallDirection direction(CdrRow first, NormalizedNumber from, NormalizedNumber to) {
        String ctx = first.get(CdrField.DCONTEXT).trim();
        CallDirection byContext = config.contextDirections.get(ctx);
        if (byContext != null) {
            return byContext;
        }
        boolean fromUs = from.isExtension() || isOwn(from);
        boolean toUs = to.isExtension() || isOwn(to);
        if (fromUs && toUs) {
            return CallDirection.INTERNAL;
        }
        if (fromUs) {
            return CallDirection.OUTBOUND;
        }
        if (toUs) {
            return CallDirection.INBOUND;
        }
        return config.externalToExternal;
    }

    private boolean isOwn(NormalizedNumber n) {
        if (config.ownNumbers.isEmpty() || n.raw() == null) {
            return false;
        }
        return config.ownNumbers.contains(n.raw().trim()) || (n.value() != null && config.ownNumbers.contains(n.value()));
    }

    private String extensionOf(String number, String channel) {
        if (config.numbers.isExtension(number)) {
            return number.trim();
        }
        String fromChannel = channelUser(channel);
        return fromChannel != null && config.numbers.isExtension(fromChannel) ? fromChannel : null;
    }

    /** {@code SIP/201-0000abcd} → 201, {@code Local/201@ctx-0001;1} → 201, {@code sofia/internal/1001@host} → 1001. */
    static String channelUser(String channel) {
        if (channel == null) {
            return null;
        }
        String c = channel.trim();
        int slash = c.lastIndexOf('/');
        if (slash < 0) {
            return null;
        }
        String rest = c.substring(slash + 1);
        int at = rest.indexOf('@');
        if (at >= 0) {
            rest = rest.substring(0, at);
        } else {
            int dash = rest.lastIndexOf('-');
            if (dash > 0) {
                rest = rest.substring(0, dash);
            }
        }
        return rest.isEmpty() ? null : rest;
    }

    private static String callerName(CdrRow r) {
        String name = r.get(CdrField.CALLER_NAME);
        if (!name.isBlank()) {
            return name;
        }
        String clid = r.get(CdrField.CLID);
        if (clid.isBlank()) {
            return null;
        }
        Matcher m = CLID_NAME.matcher(clid);
        if (m.matches()) {
            String n = m.group(1).replace("\"\"", "\"");
            return n.isBlank() ? null : n;
        }
        m = CLID_BARE_NAME.matcher(clid);
        if (m.matches()) {
            return m.group(1);
        }
        return null;
    }

    private static boolean containsIgnoreCase(Set<String> set, String value) {
        return !value.isEmpty() && set.contains(value.toLowerCase(Locale.ROOT));
    }

    private static String groupKey(CdrRow r) {
        String linked = r.get(CdrField.LINKED_ID).trim();
        if (!linked.isEmpty()) {
            return linked;
        }
        String unique = r.get(CdrField.UNIQUE_ID).trim();
        if (!unique.isEmpty()) {
            return unique;
        }
        return "h-" + r.contentHash().substring(0, 32);
    }

    private static String find(Map<String, String> parent, String k) {
        String p = parent.putIfAbsent(k, k);
        if (p == null || p.equals(k)) {
            return k;
        }
        String root = find(parent, p);
        parent.put(k, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }

    // ------------------------------------------------------------------ configuration

    /** Assembler settings; build with {@link #builder()}. */
    public static final class Config {
        private final PhoneNumbers numbers;
        private final Set<String> ownNumbers;
        private final Map<String, CallDirection> contextDirections;
        private final CallDirection externalToExternal;
        private final Set<String> abandonApps;
        private final Set<String> voicemailApps;
        private final String callIdPrefix;

        private Config(Builder b) {
            this.numbers = b.numbers;
            this.ownNumbers = Set.copyOf(b.ownNumbers);
            this.contextDirections = Map.copyOf(b.contextDirections);
            this.externalToExternal = b.externalToExternal;
            this.abandonApps = lower(b.abandonApps);
            this.voicemailApps = lower(b.voicemailApps);
            this.callIdPrefix = b.callIdPrefix;
        }

        private static Set<String> lower(Set<String> s) {
            Set<String> r = new HashSet<>();
            for (String v : s) {
                r.add(v.toLowerCase(Locale.ROOT));
            }
            return Set.copyOf(r);
        }

        public static Builder builder() {
            return new Builder();
        }

        public PhoneNumbers numbers() {
            return numbers;
        }

        public static final class Builder {
            private PhoneNumbers numbers = new PhoneNumbers();
            private Set<String> ownNumbers = Set.of();
            private Map<String, CallDirection> contextDirections = Map.of();
            private CallDirection externalToExternal = CallDirection.INBOUND;
            private Set<String> abandonApps = Set.of("Queue");
            private Set<String> voicemailApps = Set.of("VoiceMail");
            private String callIdPrefix = "";

            /** Number normaliser (default region, extension rules). Default: CN, <= 6 digits. */
            public Builder numbers(PhoneNumbers v) {
                this.numbers = Objects.requireNonNull(v);
                return this;
            }

            /** The company's own public numbers (raw or E.164); they count as "our side" like extensions. */
            public Builder ownNumbers(Set<String> v) {
                this.ownNumbers = Objects.requireNonNull(v);
                return this;
            }

            /** dcontext → direction overrides, checked before the number rules (e.g. from-trunk → INBOUND). */
            public Builder contextDirections(Map<String, CallDirection> v) {
                this.contextDirections = Objects.requireNonNull(v);
                return this;
            }

            /** Direction when neither side is an extension nor an own number. Default INBOUND. */
            public Builder externalToExternal(CallDirection v) {
                this.externalToExternal = Objects.requireNonNull(v);
                return this;
            }

            /** lastapp values whose ANSWERED legs without a bridged channel count as abandoned. Default {Queue}. */
            public Builder abandonApps(Set<String> v) {
                this.abandonApps = Objects.requireNonNull(v);
                return this;
            }

            /** lastapp values meaning voicemail. Default {VoiceMail}. */
            public Builder voicemailApps(Set<String> v) {
                this.voicemailApps = Objects.requireNonNull(v);
                return this;
            }

            /** Prefix for call ids, e.g. "pbx1:" when several PBXs feed one gateway. Default "". */
            public Builder callIdPrefix(String v) {
                this.callIdPrefix = Objects.requireNonNull(v);
                return this;
            }

            public Config build() {
                return new Config(this);
            }
        }
    }
}
