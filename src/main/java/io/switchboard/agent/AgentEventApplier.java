package io.switchboard.agent;

import io.switchboard.agent.ConversationStateMachine.Effect;
import io.switchboard.agent.ConversationStateMachine.Transition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Applies one agent event inside the caller's transaction: the state machine decides, the store
 * writes, re-routed records go to the outbox and new timers to the returned list (scheduled by the
 * caller once the transaction committed).
 */
public class AgentEventApplier {

    private final ConversationStateMachine states = new ConversationStateMachine();
    private final AgentFloorStore store;
    private final LoopMessages messages;
    private final Duration surveyDelay;

    public AgentEventApplier(AgentFloorStore store, LoopMessages messages, Duration surveyDelay) {
        this.store = store;
        this.messages = messages;
        this.surveyDelay = surveyDelay;
    }

    /** @return why the event changed nothing, or null when it was applied */
    public String apply(Connection c, AgentEvent event, int partition, Outbox outbox, List<LoopTimer> timers)
            throws SQLException {
        if (event.type().aboutAgent()) {
            return store.presence(c, event) ? null : "stale";
        }
        ConversationStateMachine.Conversation current = store.lock(c, event.conversationId());
        Transition transition = states.decide(current, event);
        if (!transition.applies()) {
            return transition.ignoredBecause();
        }
        store.recordApplied(c, event, partition);
        String agent = transition.has(Effect.SET_AGENT) ? event.agentId() : null;
        store.setState(c, event.conversationId(), transition.state(), agent, transition.has(Effect.CLEAR_AGENT));
        if (transition.has(Effect.STOP_WAITING)) {
            store.stopWaiting(c, event.conversationId());
        }
        if (transition.has(Effect.ENQUEUE_ROUTED)) {
            Instant moveAt = store.enqueueRouted(c, event);
            if (moveAt != null) {
                timers.add(new LoopTimer(partition, event.conversationId(), LoopTimer.Kind.NEXT_TARGET, moveAt));
            }
            boolean restart = transition.has(Effect.RESTART_CLOCKS);
            timers.addAll(store.startClocks(c, event, partition, restart,
                    ConversationStateMachine.RESPONDED.equals(current.state())));
        }
        if (transition.has(Effect.STOP_FIRST_RESPONSE)) {
            store.stopClock(c, event.conversationId(), "first-response", event.at());
        }
        if (transition.has(Effect.STOP_RESOLUTION)) {
            store.stopClock(c, event.conversationId(), "resolution", event.at());
        }
        if (transition.has(Effect.REQUEST_SURVEY)) {
            Instant due = event.at().plus(surveyDelay);
            if (store.requestSurvey(c, event, due)) {
                timers.add(new LoopTimer(partition, event.conversationId(), LoopTimer.Kind.SURVEY, due));
            }
        }
        if (transition.has(Effect.MOVE_TO_TARGET_QUEUE)) {
            AgentFloorStore.Routing routing = store.routing(c, event.conversationId());
            if (routing != null) {
                store.waitIn(c, event.conversationId(), routing.latestRecordId(), event.queue(), routing.priority(),
                        event.at());
                outbox.add(messages.onLane(routing.latestRecord(), event.queue(), routing.priority()));
            } else {
                store.setQueue(c, event.conversationId(), event.queue());
            }
        }
        return null;
    }
}
