package io.switchboard.agentclient;

import java.util.Locale;

/** The priority lanes of an agent queue, most urgent first: {@code <prefix>queue.<queue>.<lane>}. */
public enum Lane {
    HIGH,
    MEDIUM,
    LOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String topic(String topicPrefix, String queue) {
        return topicPrefix + "queue." + queue + "." + wireName();
    }
}
