package io.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.domain.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentEventParserTest {

    private final AgentEventParser parser = new AgentEventParser(new ObjectMapper());

    @Test
    void shouldReadTheRoutedEventOfTheContract() throws Exception {
        AgentEvent event = parse("""
                {"type":"routed","conversationId":"6f1c3c1e-8a39-4a0b-9d7c-1d2f3a4b5c6d","at":"2026-11-23T10:00:01Z",
                 "queue":"general","priority":"high","customerId":"c-1","recordId":"0b9d7c1d-2f3a-4b5c-8d6e-6f1c3c1e8a39",
                 "channel":"chat","receivedAt":"2026-11-23T10:00:00Z","respondBy":"2026-11-23T11:00:00Z",
                 "resolveBy":null,"preferredAgent":null,"rule":"vip","nextTargets":[{"queue":"overflow","after":"PT5M"}],
                 "escalationQueue":"supervisors","record":{"id":"0b9d7c1d-2f3a-4b5c-8d6e-6f1c3c1e8a39"}}""");
        assertThat(event.type()).isEqualTo(AgentEventType.ROUTED);
        assertThat(event.queue()).isEqualTo("general");
        assertThat(event.routed().priority()).isEqualTo(Priority.HIGH);
        assertThat(event.routed().respondBy()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(event.routed().resolveBy()).isNull();
        assertThat(event.routed().nextTargets()).containsExactly(new AgentEvent.NextTarget("overflow", Duration.ofMinutes(5)));
        assertThat(event.routed().escalationQueue()).isEqualTo("supervisors");
        assertThat(event.routed().record().path("id").asText()).isEqualTo("0b9d7c1d-2f3a-4b5c-8d6e-6f1c3c1e8a39");
    }

    @Test
    void shouldReadPresenceWithItsQueues() throws Exception {
        AgentEvent event = parse("""
                {"type":"agent-online","agentId":"a-1","at":"2026-11-23T10:00:00Z","queues":["general","vip"]}""");
        assertThat(event.type()).isEqualTo(AgentEventType.AGENT_ONLINE);
        assertThat(event.queues()).containsExactly("general", "vip");
        assertThat(parse("{\"type\":\"agent-offline\",\"agentId\":\"a-1\",\"at\":\"2026-11-23T10:00:00Z\"}").queues())
                .isEmpty();
    }

    @Test
    void shouldReturnUnknownTypesAsUnknownInsteadOfFailing() throws Exception {
        assertThat(parse("{\"type\":\"coffee-break\",\"agentId\":\"a\"}").type()).isEqualTo(AgentEventType.UNKNOWN);
    }

    @Test
    void shouldRejectWhatCannotBeActedOnWithAReason() {
        List.of(new String[] {"not json", "not JSON"},
                new String[] {"[1,2]", "not a JSON object"},
                new String[] {"{\"conversationId\":\"x\"}", "missing type"},
                new String[] {"{\"type\":\"claimed\",\"conversationId\":\"nope\",\"agentId\":\"a\",\"at\":\"2026-11-23T10:00:00Z\"}",
                        "conversationId is not a UUID"},
                new String[] {"{\"type\":\"claimed\",\"conversationId\":\"6f1c3c1e-8a39-4a0b-9d7c-1d2f3a4b5c6d\",\"agentId\":\"a\",\"at\":\"yesterday\"}",
                        "at is not an ISO-8601 instant"},
                new String[] {"{\"type\":\"transferred\",\"conversationId\":\"6f1c3c1e-8a39-4a0b-9d7c-1d2f3a4b5c6d\",\"agentId\":\"a\",\"at\":\"2026-11-23T10:00:00Z\"}",
                        "missing queue"},
                new String[] {"{\"type\":\"claimed\",\"conversationId\":\"6f1c3c1e-8a39-4a0b-9d7c-1d2f3a4b5c6d\",\"at\":\"2026-11-23T10:00:00Z\"}",
                        "missing agentId"})
                .forEach(c -> assertThatThrownBy(() -> parse(c[0])).isInstanceOf(MalformedAgentEventException.class)
                        .hasMessageContaining(c[1]));
    }

    private AgentEvent parse(String json) throws MalformedAgentEventException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
