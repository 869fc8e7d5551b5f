package io.switchboard.channel.phone;

/** The small set of call outcomes the gateway works with. */
public enum CallStatus {
    ANSWERED,
    MISSED,
    BUSY,
    FAILED,
    VOICEMAIL
}
