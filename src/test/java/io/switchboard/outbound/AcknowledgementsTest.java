package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.domain.Channel;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AcknowledgementsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ROUTED = Instant.parse("2026-12-08T02:00:00Z");
    private static final Instant RESPOND_BY = Instant.parse("2026-12-08T03:00:00Z");
    private static final Set<Channel> CHAT_AND_EMAIL = EnumSet.of(Channel.CHAT, Channel.EMAIL);

    private static ObjectNode routed(String channel) {
        ObjectNode event = JSON.createObjectNode().put("type", "routed")
                .put("conversationId", UUID.randomUUID().toString()).put("channel", channel)
                .put("at", ROUTED.toString()).put("respondBy", RESPOND_BY.toString());
        event.putObject("record").put("direction", "inbound").put("channel", channel);
        return event;
    }

    @Test
    void shouldPromiseTheRespondByOfARoutedContactOnAnAcknowledgedChannel() {
        assertThat(Acknowledgements.owed(routed("chat"), CHAT_AND_EMAIL, ROUTED.plusSeconds(1))).contains(RESPOND_BY);
    }

    @Test
    void shouldNotAcknowledgeOtherEventsChannelsOrOutboundRecords() {
        assertThat(Acknowledgements.owed(routed("chat").put("type", "claimed"), CHAT_AND_EMAIL, ROUTED)).isEmpty();
        assertThat(Acknowledgements.owed(routed("wechat"), CHAT_AND_EMAIL, ROUTED)).isEmpty();
        ObjectNode outbound = routed("chat");
        ((ObjectNode) outbound.get("record")).put("direction", "outbound");
        assertThat(Acknowledgements.owed(outbound, CHAT_AND_EMAIL, ROUTED)).isEmpty();
    }

    @Test
    void shouldNeverAnswerMailTheLoopGuardMarked() {
        ObjectNode bounce = routed("email");
        ((ObjectNode) bounce.get("record")).putObject("context").putObject("email").putObject("loopGuard")
                .put("kind", "bounce").put("suppressAutoResponse", true);
        assertThat(Acknowledgements.owed(bounce, CHAT_AND_EMAIL, ROUTED)).isEmpty();
        ObjectNode person = routed("email");
        ((ObjectNode) person.get("record")).putObject("context").putObject("email").putObject("loopGuard")
                .put("kind", "none").put("suppressAutoResponse", false);
        assertThat(Acknowledgements.owed(person, CHAT_AND_EMAIL, ROUTED)).contains(RESPOND_BY);
    }

    @Test
    void shouldPromiseNothingWithoutADeadlineOrLongAfterTheRouting() {
        assertThat(Acknowledgements.owed(routed("chat").putNull("respondBy"), CHAT_AND_EMAIL, ROUTED)).isEmpty();
        assertThat(Acknowledgements.owed(routed("chat").put("conversationId", "nope"), CHAT_AND_EMAIL, ROUTED))
                .isEmpty();
        assertThat(Acknowledgements.owed(routed("chat"), CHAT_AND_EMAIL,
                ROUTED.plus(Acknowledgements.MAX_DELAY).plusSeconds(1))).isEmpty();
    }
}
