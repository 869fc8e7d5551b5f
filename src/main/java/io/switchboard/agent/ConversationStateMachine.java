package io.switchboard.agent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an agent event does to a conversation: its next state and the effects on queue backlog, SLA
 * clocks, survey and re-publication. Pure: the store applies the decision. Events older than the last
 * one applied, and an exact redelivery of it, change nothing, so Kafka redelivery and agent tools
 * with reordered reports are harmless.
 */
public class ConversationStateMachine {

    /** A conversation as far as the loop is concerned; {@code lastEventAt} null before the first event. */
    public record Conversation(String state, Instant lastEventAt, String lastEventIdentity) {}

    public enum Effect {
        /** routed: queue and priority from the event, the record waits on its lane, the rule's next targets armed. */
        ENQUEUE_ROUTED,
        /** routed: start the clocks that are not running yet (first response only while nobody replied). */
        START_MISSING_CLOCKS,
        /** routed into a resolved conversation: both clocks start afresh. */
        RESTART_CLOCKS,
        SET_AGENT,
        CLEAR_AGENT,
        /** claimed, replied, resolved, transferred: the contacts stop waiting and the rule's next targets are off. */
        STOP_WAITING,
        STOP_FIRST_RESPONSE,
        STOP_RESOLUTION,
        REQUEST_SURVEY,
        /** transferred: the latest record waits in the target queue, re-published on its lane. */
        MOVE_TO_TARGET_QUEUE
    }

    /** @param state the next state; {@code ignoredBecause} is set (and nothing happens) when the event is ignored */
    public record Transition(String state, Set<Effect> effects, String ignoredBecause) {

        static Transition ignored(String reason) {
            return new Transition(null, Set.of(), reason);
        }

        public boolean applies() {
            return ignoredBecause == null;
        }

        public boolean has(Effect effect) {
            return effects.contains(effect);
        }
    }

    public static final String OPEN = "open";
    public static final String ASSIGNED = "assigned";
    public static final String RESPONDED = "responded";
    public static final String RESOLVED = "resolved";
    public static final String CLOSED = "closed";

    public Transition decide(Conversation current, AgentEvent event) {
        if (current == null) {
            return Transition.ignored("unknown-conversation");
        }
        Instant at = micros(event.at());
        if (current.lastEventAt() != null) {
            Instant last = micros(current.lastEventAt());
            if (at.isBefore(last)) {
                return Transition.ignored("stale");
            }
            if (at.equals(last) && event.identity().equals(current.lastEventIdentity())) {
                return Transition.ignored("duplicate");
            }
        }
        String state = current.state();
        if (CLOSED.equals(state)) {
            return Transition.ignored("closed");
        }
        boolean resolved = RESOLVED.equals(state);
        boolean agentGiven = event.agentId() != null;
        return switch (event.type()) {
            case ROUTED -> resolved
                    ? transition(OPEN, Effect.ENQUEUE_ROUTED, Effect.RESTART_CLOCKS)
                    : transition(state, Effect.ENQUEUE_ROUTED, Effect.START_MISSING_CLOCKS);
            case CLAIMED -> resolved ? Transition.ignored("resolved")
                    : transition(RESPONDED.equals(state) ? RESPONDED : ASSIGNED, Effect.SET_AGENT, Effect.STOP_WAITING);
            case REPLIED -> resolved ? Transition.ignored("resolved")
                    : transition(RESPONDED, agentGiven ? Effect.SET_AGENT : null, Effect.STOP_WAITING,
                            Effect.STOP_FIRST_RESPONSE);
            case RESOLVED -> resolved ? Transition.ignored("already-resolved")
                    : transition(RESOLVED, agentGiven ? Effect.SET_AGENT : null, Effect.STOP_WAITING,
                            Effect.STOP_FIRST_RESPONSE, Effect.STOP_RESOLUTION, Effect.REQUEST_SURVEY);
            case TRANSFERRED -> resolved ? Transition.ignored("resolved")
                    : transition(RESPONDED.equals(state) ? RESPONDED : OPEN, Effect.CLEAR_AGENT, Effect.STOP_WAITING,
                            Effect.MOVE_TO_TARGET_QUEUE);
            case AGENT_ONLINE, AGENT_OFFLINE, UNKNOWN -> Transition.ignored("not-a-conversation-event");
        };
    }

    private static Transition transition(String state, Effect... effects) {
        EnumSet<Effect> set = EnumSet.noneOf(Effect.class);
        for (Effect effect : effects) {
            if (effect != null) {
                set.add(effect);
            }
        }
        return new Transition(state, set, null);
    }

    /**
     * PostgreSQL keeps microseconds: compare what was stored with what it would store. The driver rounds
     * half up rather than truncating, so must this, or a second event at the same instant reads as older.
     */
    static Instant micros(Instant at) {
        return at.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }
}
