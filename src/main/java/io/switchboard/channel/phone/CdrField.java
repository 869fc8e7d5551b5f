package io.switchboard.channel.phone;

import java.util.Locale;
import java.util.Optional;

/**
 * Canonical CDR fields that a {@link CdrLayout} can map to column indexes.
 * The {@link #key()} is the name used in custom layout configuration maps.
 */
public enum CdrField {
    ACCOUNT_CODE("accountcode"),
    SRC("src"),
    DST("dst"),
    DCONTEXT("dcontext"),
    /** Asterisk full caller id, e.g. {@code "Name" <num>}. */
    CLID("clid"),
    /** Plain caller name (FreeSWITCH {@code caller_id_name}). */
    CALLER_NAME("callername"),
    CHANNEL("channel"),
    DST_CHANNEL("dstchannel"),
    LAST_APP("lastapp"),
    LAST_DATA("lastdata"),
    START("start"),
    ANSWER("answer"),
    END("end"),
    DURATION("duration"),
    BILLSEC("billsec"),
    /** Asterisk disposition: ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION. */
    DISPOSITION("disposition"),
    AMA_FLAGS("amaflags"),
    /** Asterisk uniqueid or FreeSWITCH uuid. */
    UNIQUE_ID("uniqueid"),
    USER_FIELD("userfield"),
    PEER_ACCOUNT("peeraccount"),
    LINKED_ID("linkedid"),
    SEQUENCE("sequence"),
    /** FreeSWITCH Q.850 hangup cause name, e.g. NORMAL_CLEARING. */
    HANGUP_CAUSE("hangupcause"),
    /** FreeSWITCH uuid of the bridged b-leg. */
    BLEG_UUID("bleguuid"),
    READ_CODEC("readcodec"),
    WRITE_CODEC("writecodec");

    private final String key;

    CdrField(String key) {
        this.key = key;
    }

    /** Configuration key, lower-case without separators. */
    public String key() {
        return key;
    }

    /**
     * Looks a field up by configuration key; case, {@code _}, {@code -} and {@code .} are ignored,
     * so {@code "unique_id"}, {@code "UNIQUEID"} and {@code "uniqueid"} all match. A few aliases
     * from the FreeSWITCH template names are accepted too (uuid, caller_id_number, ...).
     */
    public static Optional<CdrField> byKey(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String k = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
        for (CdrField f : values()) {
            if (f.key.equals(k)) {
                return Optional.of(f);
            }
        }
        switch (k) {
            case "uuid": return Optional.of(UNIQUE_ID);
            case "calleridnumber": case "from": case "caller": return Optional.of(SRC);
            case "destinationnumber": case "to": case "callee": return Optional.of(DST);
            case "context": return Optional.of(DCONTEXT);
            case "calleridname": return Optional.of(CALLER_NAME);
            case "startstamp": return Optional.of(START);
            case "answerstamp": return Optional.of(ANSWER);
            case "endstamp": return Optional.of(END);
            case "lastapplication": return Optional.of(LAST_APP);
            default: return Optional.empty();
        }
    }
}
