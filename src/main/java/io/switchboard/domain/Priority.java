package io.switchboard.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Priority lanes of every agent queue; each lane is its own Kafka topic. */
public enum Priority {
    HIGH,
    MEDIUM,
    LOW;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Priority fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
