package io.switchboard.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.ingress.InvalidPayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatMessageParserTest {

    private static final String VALID = """
            {"messageId":"m-1","sessionId":"s-1","visitor":{"id":"v-1","name":"王芳","email":"Wang@Example.cn",
             "phone":"13800138000"},"text":"退款什么时候到账？","sentAt":"2026-11-23T17:30:00+08:00","locale":"zh-CN",
             "attachments":[{"name":"a.png","contentType":"image/png","size":12,"url":"https://x/a.png"}]}""";

    @Test
    void shouldReadEveryDocumentedField() {
        ChatMessage message = ChatMessageParser.parse(VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(message.messageId()).isEqualTo("m-1");
        assertThat(message.sessionId()).isEqualTo("s-1");
        assertThat(message.visitor()).isEqualTo(new ChatMessage.Visitor("v-1", "王芳", "Wang@Example.cn", "13800138000"));
        assertThat(message.text()).isEqualTo("退款什么时候到账？");
        assertThat(message.sentAt()).isEqualTo(Instant.parse("2026-11-23T09:30:00Z"));
        assertThat(message.locale()).isEqualTo("zh-CN");
        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("a.png");
            assertThat(a.size()).isEqualTo(12L);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "messageId missing            | \"messageId\":\"m-1\",                | \"x\":1,                    | messageId",
        "messageId not a string       | \"messageId\":\"m-1\"                 | \"messageId\":7             | messageId",
        "visitor.id missing           | \"id\":\"v-1\",                       | ''                          | visitor.id",
        "bad email                    | \"Wang@Example.cn\"                   | \"not-an-address\"          | visitor.email",
        "sentAt without offset        | 2026-11-23T17:30:00+08:00             | 2026-11-23 17:30            | sentAt",
        "negative attachment size     | \"size\":12                           | \"size\":-1                 | attachments[0].size",
        "attachments not an array     | \"attachments\":[                     | \"attachments\":7,\"x\":[ | attachments",
    })
    void shouldNameTheFieldThatIsWrong(String name, String from, String to, String field) {
        String body = VALID.replace(from.strip(), to.strip());
        assertThatThrownBy(() -> ChatMessageParser.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void shouldRequireTextUnlessThereAreAttachments() {
        String noText = VALID.replace("\"text\":\"退款什么时候到账？\",", "");
        assertThat(ChatMessageParser.parse(noText.getBytes(StandardCharsets.UTF_8)).text()).isEmpty();
        String nothing = noText.replaceAll("\"attachments\":\\[.*]", "\"attachments\":[]");
        assertThatThrownBy(() -> ChatMessageParser.parse(nothing.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("text"));
    }

    @Test
    void shouldRejectControlCharactersAndOverlongIds() {
        String control = VALID.replace("\"m-1\"", "\"m-\\u0000\"");
        assertThatThrownBy(() -> ChatMessageParser.parse(control.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("control characters");
        String overlong = VALID.replace("\"m-1\"", "\"" + "m".repeat(257) + "\"");
        assertThatThrownBy(() -> ChatMessageParser.parse(overlong.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("longer than 256");
    }

    @Test
    void shouldRejectNonObjectsAndInvalidUtf8() {
        assertThatThrownBy(() -> ChatMessageParser.parse("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> ChatMessageParser.parse(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}))
                .isInstanceOf(InvalidPayloadException.class);
        assertThatThrownBy(() -> ChatMessageParser.parse(new byte[0])).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void shouldMapLocalesToTheirLanguage() {
        assertThat(ChatContactAdapter.language("zh-CN")).isEqualTo("zh");
        assertThat(ChatContactAdapter.language("en_GB")).isEqualTo("en");
        assertThat(ChatContactAdapter.language(" ")).isNull();
    }
}
