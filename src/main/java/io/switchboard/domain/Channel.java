package io.switchboard.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The ways a customer reaches the company; the wire names are part of the contract. */
public enum Channel {
    PHONE("phone"),
    EMAIL("email"),
    CHAT("chat"),
    WECHAT("wechat");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static Channel fromWireName(String name) {
        for (Channel channel : values()) {
            if (channel.wireName.equals(name)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + name + "'");
    }
}
