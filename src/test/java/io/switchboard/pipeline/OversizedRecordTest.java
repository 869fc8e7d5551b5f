package io.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A message the intake could store but whose ContactRecord is too large for a Kafka record (a chat of nearly
 * 1 MiB of text here; a large e-mail the same way) goes to the dead letters with its reason, and the pipeline
 * goes on with the next message instead of failing the batch for ever.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class OversizedRecordTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldDeadLetterARecordTooLargeForKafkaAndGoOn() throws Exception {
        String big = "big-" + UUID.randomUUID();
        String text = "x".repeat(ContactPublisher.MAX_RECORD_BYTES);
        ChatRequests.post(ChatRequests.fromNewVisitor(big, text)).then().statusCode(202);
        String next = "after-big-" + UUID.randomUUID();
        String nextId = ChatRequests.post(ChatRequests.fromNewVisitor(next, "the next one")).then().statusCode(202)
                .extract().path("id");

        assertThat(TopicReader.read("switchboard.contacts", TopicReader.valueContains(nextId), 1, WAIT))
                .as("the message after the oversized one").hasSize(1);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read("switchboard.dead-letter",
                TopicReader.valueContains(big), 1, WAIT);
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), ContactPublisher.DLQ_STAGE)).isEqualTo("publish");
        assertThat(header(dead.get(0), ContactPublisher.DLQ_REASON)).contains("bytes, over the");
        assertThat(TopicReader.read("switchboard.contacts", TopicReader.valueContains(big), 1, Duration.ofSeconds(3)))
                .isEmpty();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
