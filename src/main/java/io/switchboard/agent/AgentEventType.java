package io.switchboard.agent;

import java.util.Locale;

/** The {@code type} of an event on {@code switchboard.agent-events}; anything else is {@link #UNKNOWN}. */
public enum AgentEventType {
    ROUTED,
    CLAIMED,
    REPLIED,
    RESOLVED,
    TRANSFERRED,
    AGENT_ONLINE,
    AGENT_OFFLINE,
    UNKNOWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AgentEventType fromWireName(String name) {
        for (AgentEventType type : values()) {
            if (type != UNKNOWN && type.wireName().equals(name)) {
                return type;
            }
        }
        return UNKNOWN;
    }

    public boolean aboutAgent() {
        return this == AGENT_ONLINE || this == AGENT_OFFLINE;
    }
}
