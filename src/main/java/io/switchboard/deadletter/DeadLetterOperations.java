package io.switchboard.deadletter;

import io.switchboard.customer.ErasureFilter;
import io.switchboard.domain.ContactRecord;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.kafka.RawMessageHeaders;
import io.switchboard.kafka.RawMessageJournal;
import io.switchboard.kafka.Topics;
import io.switchboard.pipeline.ContactNormalizer;
import io.switchboard.pipeline.PipelineBatch;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * List, inspect and replay dead letters. A replay re-publishes the original key, bytes and headers
 * (without the dead-letter headers, with {@value #REPLAYED_FROM}) to the topic the message came from,
 * once: the ledger refuses a second replay of the same dead letter. A raw message of a customer erased since it
 * was received is not replayed: the pipeline would drop it anyway ({@link ErasureFilter}), and the replay itself
 * would put a fresh copy of their words on the raw topic, restarting its retention.
 */
@Singleton
public class DeadLetterOperations {

    /** Header on a replayed message: {@code dead-letter-topic/partition/offset} it was replayed from. */
    public static final String REPLAYED_FROM = "sb-replayed-from";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final int SCAN_PAGE = 500;

    private final DeadLetterTopic topic;
    private final ReplayLedger ledger;
    private final KafkaProducer<String, byte[]> producer;
    private final String rawTopic;
    private final ContactNormalizer normalizer;
    private final ErasureFilter erasure;

    @Inject
    public DeadLetterOperations(DeadLetterTopic topic, ReplayLedger ledger, KafkaConnection kafka, Topics topics,
            ContactNormalizer normalizer, ErasureFilter erasure) {
        this.topic = topic;
        this.ledger = ledger;
        this.rawTopic = topics.inboundRaw();
        this.normalizer = normalizer;
        this.erasure = erasure;
        this.producer = new KafkaProducer<>(RawMessageJournal.producerSettings(kafka.clientSettings(), 0, ACK_TIMEOUT),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** One page of dead letters from {@code (partition, offset)} on, partitions in order; next is where to go on. */
    public Page list(int partition, long offset, int limit, Predicate<DeadLetter> filter) {
        TreeMap<Integer, DeadLetterTopic.Range> ranges = new TreeMap<>(topic.ranges());
        List<Map<String, Object>> items = new ArrayList<>();
        int p = partition;
        long from = offset;
        while (ranges.containsKey(p) && items.size() < limit) {
            List<DeadLetter> letters = topic.read(p, from, SCAN_PAGE);
            for (DeadLetter letter : letters) {
                from = letter.offset() + 1;
                if (filter.test(letter)) {
                    items.add(withReplay(letter, letter.summary()));
                    if (items.size() == limit) {
                        break;
                    }
                }
            }
            if (letters.isEmpty() || from >= ranges.get(p).next()) {
                Integer following = ranges.higherKey(p);
                p = following == null ? -1 : following;
                from = 0;
            }
        }
        return new Page(items, ranges.containsKey(p) ? Optional.of(new Position(p, from)) : Optional.empty());
    }

    public Optional<Map<String, Object>> inspect(int partition, long offset) {
        return topic.get(partition, offset).map(letter -> withReplay(letter, letter.detail()));
    }

    public Optional<ReplayOutcome> replay(int partition, long offset) {
        return topic.get(partition, offset).map(this::replay);
    }

    /** Replays every dead letter the filter accepts that was not replayed before. */
    public Map<String, Object> replayAll(Predicate<DeadLetter> filter) {
        int replayed = 0;
        int skipped = 0;
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map.Entry<Integer, DeadLetterTopic.Range> range : new TreeMap<>(topic.ranges()).entrySet()) {
            long from = range.getValue().first();
            while (from < range.getValue().next()) {
                List<DeadLetter> letters = topic.read(range.getKey(), from, SCAN_PAGE);
                if (letters.isEmpty()) {
                    break;
                }
                for (DeadLetter letter : letters) {
                    from = letter.offset() + 1;
                    if (!filter.test(letter)) {
                        continue;
                    }
                    ReplayOutcome outcome = replay(letter);
                    if (outcome.replayed()) {
                        replayed++;
                    } else {
                        skipped++;
                    }
                    items.add(outcome.view());
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replayed", replayed);
        result.put("skipped", skipped);
        result.put("items", items);
        return result;
    }

    private ReplayOutcome replay(DeadLetter letter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("partition", letter.partition());
        view.put("offset", letter.offset());
        Optional<String> target = letter.sourceTopic();
        if (target.isEmpty()) {
            view.put("error", "the dead letter names no source topic");
            return new ReplayOutcome(false, view);
        }
        if (target.get().equals(rawTopic) && ofErasedCustomer(letter)) {
            view.put("error", "the message belongs to a customer erased since it was received");
            return new ReplayOutcome(false, view);
        }
        if (!ledger.claim(letter.partition(), letter.offset(), target.get())) {
            view.put("error", "already replayed");
            view.put("replay", ledger.find(letter.partition(), letter.offset()).orElse(null));
            return new ReplayOutcome(false, view);
        }
        RecordHeaders headers = new RecordHeaders();
        letter.originalHeaders().forEach(headers::add);
        headers.add(REPLAYED_FROM, (topic.name() + "/" + letter.partition() + "/" + letter.offset())
                .getBytes(StandardCharsets.UTF_8));
        try {
            RecordMetadata sent = producer.send(new ProducerRecord<>(target.get(), null, letter.key(), letter.body(), headers))
                    .get(ACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            ledger.completed(letter.partition(), letter.offset(), sent.partition(), sent.offset());
            view.put("replay", Map.of("topic", sent.topic(), "partition", sent.partition(), "offset", sent.offset()));
            return new ReplayOutcome(true, view);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            ledger.release(letter.partition(), letter.offset());
            throw new IllegalStateException("replay to " + target.get() + " was not acknowledged: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            ledger.release(letter.partition(), letter.offset());
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean ofErasedCustomer(DeadLetter letter) {
        ContactRecord record;
        try {
            record = normalizer.contact(new PipelineBatch.Source(rawTopic, letter.partition(), letter.offset(), letter.key(),
                    RawMessageHeaders.asMap(letter.originalHeaders()), letter.body())).orElse(null);
        } catch (RuntimeException unreadable) {
            // names nobody the gateway could know: the pipeline will dead-letter it again
            return false;
        }
        try {
            return record != null && erasure.receivedBeforeErasure(record);
        } catch (SQLException e) {
            throw new IllegalStateException("the erased identities could not be read: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> withReplay(DeadLetter letter, Map<String, Object> view) {
        view.put("replay", ledger.find(letter.partition(), letter.offset()).orElse(null));
        return view;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    public record Position(int partition, long offset) {}

    public record Page(List<Map<String, Object>> items, Optional<Position> next) {}

    public record ReplayOutcome(boolean replayed, Map<String, Object> view) {}
}
