package io.switchboard.channel.phone;

/**
 * Attributes of phone raw messages on {@code inbound.raw}: where the message came from and, for CDR
 * legs, how to read them again, so a replay reads them as they were read on arrival.
 */
public final class PhoneRaw {

    public static final String SOURCE = "phone-source";
    public static final String SOURCE_CDR = "cdr";
    public static final String SOURCE_EVENT = "event";
    public static final String SOURCE_TWILIO = "twilio";

    public static final String CDR_LAYOUT = "cdr-layout";
    public static final String CDR_TIME_ZONE = "cdr-time-zone";
    public static final String CDR_REGION = "cdr-region";
    public static final String CDR_FILE = "cdr-file";
    /** Physical line numbers of the call's legs in the file, comma-separated. */
    public static final String CDR_LINES = "cdr-lines";

    public static final String CSV = "text/csv";

    private PhoneRaw() {
    }
}
