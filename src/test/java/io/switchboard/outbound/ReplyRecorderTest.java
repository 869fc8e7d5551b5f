package io.switchboard.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplyRecorderTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static Reply sent(Channel channel, String account, String recipient) {
        return new Reply("r-42", UUID.randomUUID(), UUID.randomUUID(), channel, account, recipient, null, null,
                "agent-7", "您好，已发货", false, List.of(), ReplyStatus.SENT, 1, Instant.parse("2026-12-07T12:00:00Z"), false,
                "msg-1", null, null, false, Instant.parse("2026-12-07T12:00:01Z"));
    }

    @Test
    void shouldWriteTheReplyAsAnOutboundContactByTheAgent() {
        Reply reply = sent(Channel.WECHAT, "oa", "oABC");

        ContactRecord record = ReplyRecorder.outboundRecord(reply);

        assertThat(record.direction()).isEqualTo(ContactRecord.OUTBOUND);
        assertThat(record.author()).isEqualTo("agent-7");
        assertThat(record.from().value()).isEqualTo("agent-7");
        assertThat(record.to().value()).isEqualTo("oa:oABC");
        assertThat(record.conversationId()).isEqualTo(reply.conversationId().toString());
        assertThat(record.id()).isEqualTo(ReplyRecorder.outboundRecord(sent(Channel.WECHAT, "oa", "oABC")).id());
    }

    @Test
    void shouldMatchTheContactRecordSchema() throws Exception {
        Schema schema;
        try (InputStream in = Files.newInputStream(Path.of("docs/contact-record.schema.json"))) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
        for (Channel channel : Channel.values()) {
            JsonNode record = JSON.valueToTree(ReplyRecorder.outboundRecord(sent(channel, "oa",
                    channel == Channel.PHONE ? "+8613800138000" : channel == Channel.EMAIL ? "li@example.org" : "v-1")));
            assertThat(schema.validate(record, c -> c.executionConfig(e -> e.formatAssertionsEnabled(true))).stream()
                    .map(Error::toString)).as("%s", record.toPrettyString()).isEmpty();
        }
    }
}
