package io.switchboard.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a credential may do. {@code agent} reads customer context and replies; {@code supervisor} also
 * reads queues, the dashboard's data and metrics; {@code admin} also erases, merges and replays dead
 * letters. {@code metrics} only scrapes {@code /q/metrics}, so a Prometheus key never reads a customer.
 */
public enum Role {
    METRICS, AGENT, SUPERVISOR, ADMIN;

    /** Whether a credential with this role may call an endpoint that needs {@code needed}. */
    public boolean allows(Role needed) {
        return switch (this) {
            case ADMIN -> true;
            case SUPERVISOR -> needed != ADMIN;
            case AGENT -> needed == AGENT;
            case METRICS -> needed == METRICS;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        for (Role role : values()) {
            if (role.wireName().equals(value == null ? null : value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
