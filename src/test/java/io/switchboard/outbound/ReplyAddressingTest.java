package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.domain.Channel;
import io.switchboard.domain.Identity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplyAddressingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode record(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void shouldAnswerAChatVisitorInTheirSession() throws Exception {
        ReplyAddressing.Address address = ReplyAddressing.of(record("""
                {"channel":"chat","from":{"type":"chat-visitor","value":"v-1"},"threadKey":"chat:sess-9"}"""),
                Optional.empty(), List.of());

        assertThat(address.channel()).isEqualTo(Channel.CHAT);
        assertThat(address.recipient()).isEqualTo(new OutboundMessage.Recipient("v-1", "sess-9"));
    }

    @Test
    void shouldAnswerAWeChatUserByTheirOpenidWithoutTheAccountPrefix() throws Exception {
        ReplyAddressing.Address address = ReplyAddressing.of(record("""
                {"channel":"wechat","from":{"type":"wechat-openid","value":"oa:oABC"},
                 "to":{"type":"wechat-account","value":"oa"}}"""), Optional.empty(), List.of());

        assertThat(address.account()).isEqualTo("oa");
        assertThat(address.recipient().address()).isEqualTo("oABC");
    }

    @Test
    void shouldAnswerAMailInItsThreadFromItsMailbox() throws Exception {
        ReplyAddressing.Address address = ReplyAddressing.of(record("""
                {"channel":"email","from":{"type":"email","value":"li@example.org"},"subject":"订单问题",
                 "context":{"email":{"mailbox":"support","messageId":"<m2@example.org>",
                 "references":["<m1@example.org>"]}}}"""), Optional.empty(), List.of());

        assertThat(address.account()).isEqualTo("support");
        assertThat(address.recipient().address()).isEqualTo("li@example.org");
        assertThat(address.thread()).isEqualTo(new OutboundMessage.EmailThread("<m2@example.org>",
                List.of("<m1@example.org>"), "订单问题"));
    }

    @Test
    void shouldTextACallerOnlyWhenTheirNumberIsKnown() throws Exception {
        assertThat(ReplyAddressing.of(record("{\"channel\":\"phone\",\"from\":{\"type\":\"phone\",\"value\":\"+8613800138000\"}}"),
                Optional.empty(), List.of()).recipient().address()).isEqualTo("+8613800138000");
        assertThatThrownBy(() -> ReplyAddressing.of(record(
                "{\"channel\":\"phone\",\"from\":{\"type\":\"phone-anonymous\",\"value\":\"call:1\"}}"),
                Optional.empty(), List.of())).isInstanceOf(ReplyAddressing.Unaddressable.class);
    }

    @Test
    void shouldUseTheCustomersIdentitiesForAnotherChannel() throws Exception {
        JsonNode chat = record("{\"channel\":\"chat\",\"from\":{\"type\":\"chat-visitor\",\"value\":\"v\"},\"threadKey\":\"chat:s\"}");
        List<Identity> identities = List.of(new Identity("chat-visitor", "v"), new Identity("phone", "+8613800138000"));

        ReplyAddressing.Address sms = ReplyAddressing.of(chat, Optional.of(Channel.PHONE), identities);

        assertThat(sms.channel()).isEqualTo(Channel.PHONE);
        assertThat(sms.recipient().address()).isEqualTo("+8613800138000");
        assertThatThrownBy(() -> ReplyAddressing.of(chat, Optional.of(Channel.EMAIL), identities))
                .isInstanceOf(ReplyAddressing.Unaddressable.class).hasMessageContaining("email");
        assertThatThrownBy(() -> ReplyAddressing.of(chat, Optional.of(Channel.WECHAT), identities))
                .isInstanceOf(ReplyAddressing.Unaddressable.class);
    }
}
