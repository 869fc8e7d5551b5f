package io.switchboard.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Durable producers ({@link RawMessageJournal#producerSettings}) that write in Kafka transactions. */
public final class TransactionalProducer {

    private TransactionalProducer() {}

    /**
     * A producer registered under {@code transactionalId}; fences any earlier producer with that id and
     * settles what it left unfinished. Blocks while the broker is away and throws when it stays away. The broker
     * aborts a transaction left open longer than {@code transactionTimeout} (its producer died, say), which until
     * then holds back every {@code read_committed} reader of the partitions it wrote to.
     */
    public static KafkaProducer<String, byte[]> open(Map<String, Object> connection, String transactionalId,
            Duration ackTimeout, Duration transactionTimeout) {
        Map<String, Object> settings = RawMessageJournal.producerSettings(connection, 5, ackTimeout);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }
}
