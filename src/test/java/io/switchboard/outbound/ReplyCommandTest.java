package io.switchboard.outbound;

import io.switchboard.ingress.InvalidPayloadException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.domain.Channel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONVERSATION = "5f0c6d3e-8d1b-4b8e-9a52-0c3f4a1b2c3d";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void shouldReadAnHttpReplyWithTheConversationFromThePath() throws Exception {
        ReplyCommand command = ReplyCommand.parse(json("""
                {"replyId":"r-1","agentId":"agent-7","text":"您好","channel":"email",
                 "attachments":[{"name":"a.txt","contentType":"text/plain","content":"aGk="}]}"""), CONVERSATION);

        assertThat(command.conversationId()).isEqualTo(UUID.fromString(CONVERSATION));
        assertThat(command.channel()).contains(Channel.EMAIL);
        assertThat(command.attachments()).singleElement()
                .satisfies(a -> assertThat(new String(a.content(), StandardCharsets.UTF_8)).isEqualTo("hi"));
    }

    @Test
    void shouldRoundTripThroughTheKafkaCommand() throws Exception {
        ReplyCommand command = ReplyCommand.parse(json("""
                {"replyId":"r-2","agentId":"a","text":"t","attachments":[{"name":"n","contentType":"c","content":"AAE="}]}"""),
                CONVERSATION);

        ReplyCommand again = ReplyCommand.parse(command.toJson(JSON), null);

        assertThat(again.replyId()).isEqualTo("r-2");
        assertThat(again.conversationId()).isEqualTo(command.conversationId());
        assertThat(again.channel()).isEmpty();
        assertThat(again.attachments().get(0).content()).containsExactly(0, 1);
    }

    @Test
    void shouldNameTheFieldThatIsMissingOrWrong() {
        assertInvalid("{\"agentId\":\"a\",\"text\":\"t\"}", CONVERSATION, "replyId");
        assertInvalid("{\"replyId\":\"r\",\"text\":\"t\"}", CONVERSATION, "agentId");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":\"  \"}", CONVERSATION, "text");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":7}", CONVERSATION, "text");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":\"t\",\"channel\":\"fax\"}", CONVERSATION, "channel");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":\"t\",\"attachments\":{}}", CONVERSATION,
                "attachments");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":\"t\",\"attachments\":[{\"name\":\"n\","
                + "\"contentType\":\"c\",\"content\":\"not base64!\"}]}", CONVERSATION, "attachments");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":\"t\"}", "nope", "conversationId");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":\"t\"}", null, "conversationId");
        assertInvalid("{\"replyId\":\"r\",\"agentId\":\"a\",\"text\":\"t\",\"conversationId\":\""
                + UUID.randomUUID() + "\"}", CONVERSATION, "conversationId");
    }

    @Test
    void shouldRefuseReplyIdsThatCannotBeAKeyOrAMessageIdPart() {
        assertInvalid("{\"replyId\":\"a b\",\"agentId\":\"a\",\"text\":\"t\"}", CONVERSATION, "replyId");
        assertInvalid("{\"replyId\":\"<x@y>\",\"agentId\":\"a\",\"text\":\"t\"}", CONVERSATION, "replyId");
        assertInvalid("{\"replyId\":\"" + "r".repeat(ReplyCommand.MAX_ID_LENGTH + 1)
                + "\",\"agentId\":\"a\",\"text\":\"t\"}", CONVERSATION, "replyId");
    }

    @Test
    void shouldRefuseABodyThatIsNoObject() {
        assertThatThrownBy(() -> ReplyCommand.parse(json("[1]"), CONVERSATION))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isNull());
    }

    private static void assertInvalid(String body, String conversation, String field) {
        assertThatThrownBy(() -> ReplyCommand.parse(json(body), conversation))
                .as(body).isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
