package io.switchboard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The relay's progress record: the outbox sequences its last Kafka transaction published, as ranges
 * ({@code {"published": [[first, last], …]}}), keyed by the relay's transactional id on the compacted
 * relay-progress topic. Written inside that transaction, so it is visible exactly when the events are.
 */
public class RelayProgress {

    private final ObjectMapper json;
    private final String topic;
    private final String relayId;

    public RelayProgress(ObjectMapper json, String topic, String relayId) {
        this.json = json;
        this.topic = topic;
        this.relayId = relayId;
    }

    public ProducerRecord<String, byte[]> record(List<Long> published) {
        return new ProducerRecord<>(topic, 0, relayId, encode(published));
    }

    /**
     * The sequences of the last committed progress record, read {@code read_committed} to the end of the
     * topic; empty if the relay never published. Call after {@code initTransactions()}: no transaction of
     * this relay id is open any more, so the end of the topic is final.
     */
    public List<Long> lastPublished(Map<String, Object> kafkaSettings, Duration within) {
        Map<String, Object> settings = new HashMap<>(kafkaSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), within).get(partition);
            long deadline = System.nanoTime() + within.toNanos();
            byte[] last = null;
            while (consumer.position(partition, within) < end) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("relay progress not read to its end offset " + end + " within " + within);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (relayId.equals(record.key())) {
                        last = record.value();
                    }
                }
            }
            return last == null ? List.of() : decode(last);
        }
    }

    byte[] encode(List<Long> published) {
        ObjectNode progress = json.createObjectNode();
        ArrayNode ranges = progress.putArray("published");
        List<Long> sorted = published.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); ) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            ranges.addArray().add(sorted.get(i)).add(sorted.get(j));
            i = j + 1;
        }
        return progress.toString().getBytes(StandardCharsets.UTF_8);
    }

    List<Long> decode(byte[] value) {
        try {
            List<Long> published = new ArrayList<>();
            for (JsonNode range : json.readTree(value).path("published")) {
                if (range.size() != 2 || !range.get(0).canConvertToLong() || !range.get(1).canConvertToLong()) {
                    throw new IllegalStateException("relay progress range is not [first, last]: " + range);
                }
                for (long seq = range.get(0).asLong(); seq <= range.get(1).asLong(); seq++) {
                    published.add(seq);
                }
            }
            return published;
        } catch (IOException e) {
            throw new IllegalStateException("relay progress record is not {\"published\": [[first, last], …]}", e);
        }
    }
}
