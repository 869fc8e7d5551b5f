package io.switchboard.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.pipeline.ContactPublisher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final DeadLetter LETTER = new DeadLetter(2, 41, "msg-1", List.of(
            header("sb-channel", "chat"),
            header(ContactPublisher.DLQ_REASON, "raw message has no sb-received-at header"),
            header(ContactPublisher.DLQ_STAGE, "normalize"),
            header(ContactPublisher.DLQ_SOURCE, "switchboard.inbound.raw/1/7"),
            header(ContactPublisher.DLQ_AT, "2026-11-23T23:00:00Z")), "你好".getBytes(StandardCharsets.UTF_8));

    @Test
    void shouldSplitTheOriginalHeadersFromTheDeadLetterOnes() {
        assertThat(LETTER.originalHeaders()).extracting(Header::key).containsExactly("sb-channel");
        assertThat(LETTER.sourceTopic()).contains("switchboard.inbound.raw");
        assertThat(LETTER.summary()).containsEntry("stage", "normalize").containsEntry("size", 6)
                .containsEntry("at", "2026-11-23T23:00:00Z");
    }

    @Test
    void shouldShowUtf8BodiesAsTextAndAnythingElseAsBase64() {
        assertThat(LETTER.detail()).containsEntry("body", "你好").containsEntry("bodyEncoding", "utf-8");
        DeadLetter binary = new DeadLetter(0, 0, null, List.of(), new byte[] {(byte) 0xc3, 0x28});
        assertThat(binary.detail()).containsEntry("body", "wyg=").containsEntry("bodyEncoding", "base64");
    }

    @Test
    void shouldNameNoSourceTopicWhenTheHeaderIsMissing() {
        assertThat(new DeadLetter(0, 0, "k", List.of(), new byte[0]).sourceTopic()).isEmpty();
    }

    @Test
    void shouldFilterByExactStageReasonInAnyCaseAndSourceTopic() {
        assertThat(new DeadLetterFilter(Optional.of("normalize"), Optional.of("NO SB-RECEIVED"),
                Optional.of("switchboard.inbound.raw"))).accepts(LETTER);
        assertThat(new DeadLetterFilter(Optional.of("norm"), Optional.empty(), Optional.empty())).rejects(LETTER);
        assertThat(new DeadLetterFilter(Optional.empty(), Optional.empty(), Optional.of("switchboard.inbound")))
                .rejects(LETTER);
        assertThat(new DeadLetterFilter(Optional.empty(), Optional.empty(), Optional.empty()).isEmpty()).isTrue();
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
