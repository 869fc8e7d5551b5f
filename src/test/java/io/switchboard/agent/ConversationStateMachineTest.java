package io.switchboard.agent;

import static io.switchboard.agent.ConversationStateMachine.Effect.CLEAR_AGENT;
import static io.switchboard.agent.ConversationStateMachine.Effect.ENQUEUE_ROUTED;
import static io.switchboard.agent.ConversationStateMachine.Effect.MOVE_TO_TARGET_QUEUE;
import static io.switchboard.agent.ConversationStateMachine.Effect.REQUEST_SURVEY;
import static io.switchboard.agent.ConversationStateMachine.Effect.RESTART_CLOCKS;
import static io.switchboard.agent.ConversationStateMachine.Effect.SET_AGENT;
import static io.switchboard.agent.ConversationStateMachine.Effect.START_MISSING_CLOCKS;
import static io.switchboard.agent.ConversationStateMachine.Effect.STOP_FIRST_RESPONSE;
import static io.switchboard.agent.ConversationStateMachine.Effect.STOP_RESOLUTION;
import static io.switchboard.agent.ConversationStateMachine.Effect.STOP_WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.agent.ConversationStateMachine.Conversation;
import io.switchboard.agent.ConversationStateMachine.Transition;
import io.switchboard.domain.Priority;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConversationStateMachineTest {

    private static final UUID CONVERSATION = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final ConversationStateMachine machine = new ConversationStateMachine();

    @Test
    void shouldQueueARoutedContactAndStartItsClocks() {
        Transition t = machine.decide(new Conversation("open", null, null), routed(T0));
        assertThat(t.state()).isEqualTo("open");
        assertThat(t.effects()).containsExactlyInAnyOrder(ENQUEUE_ROUTED, START_MISSING_CLOCKS);
    }

    @Test
    void shouldAssignOnClaimAndStopWaiting() {
        Transition t = machine.decide(new Conversation("open", T0, "x"), event(AgentEventType.CLAIMED, T0.plusSeconds(5)));
        assertThat(t.state()).isEqualTo("assigned");
        assertThat(t.effects()).containsExactlyInAnyOrder(SET_AGENT, STOP_WAITING);
    }

    @Test
    void shouldStopTheFirstResponseClockOnReply() {
        Transition t = machine.decide(new Conversation("assigned", T0, "x"), event(AgentEventType.REPLIED, T0.plusSeconds(5)));
        assertThat(t.state()).isEqualTo("responded");
        assertThat(t.effects()).contains(STOP_FIRST_RESPONSE).doesNotContain(STOP_RESOLUTION);
    }

    @Test
    void shouldStopBothClocksAndRequestASurveyOnResolve() {
        Transition t = machine.decide(new Conversation("responded", T0, "x"), event(AgentEventType.RESOLVED, T0.plusSeconds(5)));
        assertThat(t.state()).isEqualTo("resolved");
        assertThat(t.effects()).contains(STOP_FIRST_RESPONSE, STOP_RESOLUTION, STOP_WAITING, REQUEST_SURVEY);
    }

    @Test
    void shouldReopenAResolvedConversationWhenTheCustomerWritesAgain() {
        Transition t = machine.decide(new Conversation("resolved", T0, "x"), routed(T0.plusSeconds(60)));
        assertThat(t.state()).isEqualTo("open");
        assertThat(t.effects()).containsExactlyInAnyOrder(ENQUEUE_ROUTED, RESTART_CLOCKS);
    }

    @Test
    void shouldKeepAnAssignedConversationAssignedWhenAnotherContactArrives() {
        Transition t = machine.decide(new Conversation("assigned", T0, "x"), routed(T0.plusSeconds(60)));
        assertThat(t.state()).isEqualTo("assigned");
    }

    @Test
    void shouldUnassignAndMoveOnTransfer() {
        Transition t = machine.decide(new Conversation("assigned", T0, "x"), event(AgentEventType.TRANSFERRED, T0.plusSeconds(5)));
        assertThat(t.state()).isEqualTo("open");
        assertThat(t.effects()).containsExactlyInAnyOrder(CLEAR_AGENT, STOP_WAITING, MOVE_TO_TARGET_QUEUE);
        Transition afterReply = machine.decide(new Conversation("responded", T0, "x"),
                event(AgentEventType.TRANSFERRED, T0.plusSeconds(5)));
        assertThat(afterReply.state()).isEqualTo("responded");
    }

    @Test
    void shouldIgnoreAnEventOlderThanTheLastApplied() {
        Transition t = machine.decide(new Conversation("resolved", T0.plusSeconds(10), "x"),
                event(AgentEventType.CLAIMED, T0));
        assertThat(t.applies()).isFalse();
        assertThat(t.ignoredBecause()).isEqualTo("stale");
    }

    @Test
    void shouldIgnoreARedeliveryOfTheLastEventButNotAnotherEventAtTheSameInstant() {
        AgentEvent claimed = event(AgentEventType.CLAIMED, T0);
        Conversation afterClaim = new Conversation("assigned", T0, claimed.identity());
        assertThat(machine.decide(afterClaim, claimed).ignoredBecause()).isEqualTo("duplicate");
        assertThat(machine.decide(afterClaim, event(AgentEventType.REPLIED, T0)).state()).isEqualTo("responded");
    }

    @Test
    void shouldResolveOnlyOnce() {
        assertThat(machine.decide(new Conversation("resolved", T0, "x"), event(AgentEventType.RESOLVED, T0.plusSeconds(1)))
                .ignoredBecause()).isEqualTo("already-resolved");
    }

    @Test
    void shouldIgnoreEventsOfUnknownAndClosedConversations() {
        assertThat(machine.decide(null, event(AgentEventType.CLAIMED, T0)).ignoredBecause())
                .isEqualTo("unknown-conversation");
        assertThat(machine.decide(new Conversation("closed", null, null), event(AgentEventType.CLAIMED, T0))
                .ignoredBecause()).isEqualTo("closed");
    }

    @Test
    void shouldNotClaimOrReplyToAResolvedConversation() {
        Conversation resolved = new Conversation("resolved", T0, "x");
        assertThat(machine.decide(resolved, event(AgentEventType.CLAIMED, T0.plusSeconds(1))).applies()).isFalse();
        assertThat(machine.decide(resolved, event(AgentEventType.REPLIED, T0.plusSeconds(1))).applies()).isFalse();
    }

    @Test
    void shouldCompareTimesAtTheDatabasesMicrosecondPrecision() {
        Instant stored = Instant.parse("2026-11-23T10:00:00.123456Z");
        AgentEvent sameMicrosecond = event(AgentEventType.CLAIMED, Instant.parse("2026-11-23T10:00:00.123456789Z"));
        assertThat(machine.decide(new Conversation("open", stored, "other"), sameMicrosecond).applies()).isTrue();
    }

    @Test
    void shouldApplyAnotherEventAtAnInstantTheDatabaseRoundedUp() {
        Instant at = Instant.parse("2026-11-23T10:00:00.123456789Z");
        Instant storedAsRounded = Instant.parse("2026-11-23T10:00:00.123457Z");
        AgentEvent claimed = event(AgentEventType.CLAIMED, at);
        Conversation afterClaim = new Conversation("assigned", storedAsRounded, claimed.identity());
        assertThat(machine.decide(afterClaim, claimed).ignoredBecause()).isEqualTo("duplicate");
        assertThat(machine.decide(afterClaim, event(AgentEventType.REPLIED, at)).state()).isEqualTo("responded");
    }

    static AgentEvent event(AgentEventType type, Instant at) {
        return new AgentEvent(type, CONVERSATION, "agent-7", at, type == AgentEventType.TRANSFERRED ? "billing" : null,
                List.of(), null);
    }

    static AgentEvent routed(Instant at) {
        return new AgentEvent(AgentEventType.ROUTED, CONVERSATION, null, at, "general", List.of(),
                new AgentEvent.Routed(Priority.HIGH, UUID.randomUUID().toString(), UUID.randomUUID(), "chat", at,
                        at.plusSeconds(3600), at.plusSeconds(86400), null, "default", List.of(), null,
                        new ObjectMapper().createObjectNode()));
    }
}
