package io.switchboard.channel.phone;

/** Direction of a call seen from the contact centre. */
public enum CallDirection {
    INBOUND,
    OUTBOUND,
    INTERNAL
}
