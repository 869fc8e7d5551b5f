package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.Channel;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelLimitsTest {

    @Test
    void shouldCountWeChatTextInUtf8BytesSoChineseTakesThreeEach() {
        String chinese = "您".repeat(682); // 2046 bytes
        assertThat(ChannelLimits.check(Channel.WECHAT, chinese, List.of())).isEmpty();
        assertThat(ChannelLimits.check(Channel.WECHAT, chinese + "好", List.of())).hasValueSatisfying(e -> {
            assertThat(e.field()).isEqualTo("text");
            assertThat(e.message()).contains("2049 UTF-8 bytes").contains("at most 2048 UTF-8 bytes");
        });
        assertThat(ChannelLimits.check(Channel.WECHAT, "a".repeat(2048), List.of())).isEmpty();
    }

    @Test
    void shouldCountSmsInCharactersAsTwilioDoes() {
        assertThat(ChannelLimits.check(Channel.PHONE, "短".repeat(1600), List.of())).isEmpty();
        assertThat(ChannelLimits.check(Channel.PHONE, "x".repeat(1601), List.of()))
                .hasValueSatisfying(e -> assertThat(e.message()).contains("1600 characters").contains("21617"));
        // an emoji is one character, not two UTF-16 units
        assertThat(ChannelLimits.SMS.measure("😀")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnEmptyReply() {
        assertThat(ChannelLimits.check(Channel.CHAT, "  ", List.of()))
                .hasValueSatisfying(e -> assertThat(e.field()).isEqualTo("text"));
    }

    @Test
    void shouldTakeAttachmentsByEmailOnlyAndBoundThem() {
        OutboundMessage.Attachment small = new OutboundMessage.Attachment("a.pdf", "application/pdf", new byte[10]);
        assertThat(ChannelLimits.check(Channel.EMAIL, "hi", List.of(small))).isEmpty();
        assertThat(ChannelLimits.check(Channel.CHAT, "hi", List.of(small)))
                .hasValueSatisfying(e -> assertThat(e.field()).isEqualTo("attachments"));
        assertThat(ChannelLimits.check(Channel.EMAIL, "hi", Collections.nCopies(11, small)))
                .hasValueSatisfying(e -> assertThat(e.message()).contains("at most 10"));
        OutboundMessage.Attachment big = new OutboundMessage.Attachment("b.bin", "application/octet-stream",
                new byte[ChannelLimits.MAX_ATTACHMENT_BYTES]);
        assertThat(ChannelLimits.check(Channel.EMAIL, "hi", List.of(big))).isEmpty();
        assertThat(ChannelLimits.check(Channel.EMAIL, "hi", List.of(big, small)))
                .hasValueSatisfying(e -> assertThat(e.message()).contains("Kafka record"));
    }
}
