package io.switchboard.agent;

import java.time.Instant;
import java.util.UUID;

/**
 * A moment the loop must act on a conversation, owned by the agent-events partition of that
 * conversation. Only a hint: PostgreSQL decides, with a conditional update, whether it still fires.
 */
public record LoopTimer(int partition, UUID conversationId, Kind kind, Instant dueAt) implements Comparable<LoopTimer> {

    public enum Kind {
        FIRST_RESPONSE_WARNING("first-response"),
        FIRST_RESPONSE_BREACH("first-response"),
        RESOLUTION_WARNING("resolution"),
        RESOLUTION_BREACH("resolution"),
        NEXT_TARGET(null),
        SURVEY(null);

        private final String clock;

        Kind(String clock) {
            this.clock = clock;
        }

        /** The sla_clock kind, null for timers that are not SLA clocks. */
        public String clock() {
            return clock;
        }

        public boolean warning() {
            return this == FIRST_RESPONSE_WARNING || this == RESOLUTION_WARNING;
        }

        public static Kind warning(String clock) {
            return "first-response".equals(clock) ? FIRST_RESPONSE_WARNING : RESOLUTION_WARNING;
        }

        public static Kind breach(String clock) {
            return "first-response".equals(clock) ? FIRST_RESPONSE_BREACH : RESOLUTION_BREACH;
        }
    }

    @Override
    public int compareTo(LoopTimer other) {
        int byTime = dueAt.compareTo(other.dueAt);
        if (byTime != 0) {
            return byTime;
        }
        int byConversation = conversationId.compareTo(other.conversationId);
        return byConversation != 0 ? byConversation : kind.compareTo(other.kind);
    }
}
