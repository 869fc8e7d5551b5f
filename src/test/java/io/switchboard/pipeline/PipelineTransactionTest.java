package io.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pipeline transaction against the real broker: a failed batch aborts its own records at once, so
 * read_committed readers go on without waiting for the transaction timeout; a fenced producer is
 * given up; the configured transaction timeout is the one the broker holds the producer to.
 */
class PipelineTransactionTest {

    private static final GatewayInfrastructure INFRASTRUCTURE = new GatewayInfrastructure();
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(45);
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("pipeline-transaction-test");
    private static String topic;

    @BeforeAll
    static void start() throws Exception {
        INFRASTRUCTURE.start();
        topic = "pipeline-transaction-test-" + UUID.randomUUID();
        try (Admin admin = admin()) {
            // one partition: a record left open would hold back every record written after it
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        INFRASTRUCTURE.stop();
    }

    @Test
    void shouldAbortAFailedBatchSoThatReadersSeeTheNextBatchWithoutWaiting() throws Exception {
        String id = "test-" + UUID.randomUUID();
        try (PipelineTransaction transaction = open(id)) {
            beginAndSend(transaction, id, "failed-batch");

            assertThat(transaction.abortAfter(new CamelExecutionException("database away", null))).isTrue();

            publish(transaction, id, "next-batch");
        }
        assertThat(committed(id)).containsExactly(id + " next-batch");
    }

    @Test
    void shouldGiveUpAFencedProducerAndLeaveItsTransactionToTheSuccessor() throws Exception {
        String id = "test-" + UUID.randomUUID();
        try (PipelineTransaction crashed = open(id)) {
            beginAndSend(crashed, id, "left-open");
            try (PipelineTransaction successor = open(id)) {
                assertThatThrownBy(() -> crashed.commit(Map.of(), GROUP)).isInstanceOf(KafkaException.class);
                assertThat(crashed.abortAfter(new ProducerFencedException("fenced by the successor"))).isFalse();

                publish(successor, id, "after-takeover");
            }
        }
        assertThat(committed(id)).containsExactly(id + " after-takeover");
    }

    @Test
    void shouldCarryOnWithAProducerWhoseBatchFailedBeforeItsTransactionBegan() throws Exception {
        String id = "test-" + UUID.randomUUID();
        try (PipelineTransaction transaction = open(id)) {
            assertThat(transaction.abortAfter(new TimeoutException("poll failed"))).isTrue();
            publish(transaction, id, "first-batch");
        }
        assertThat(committed(id)).containsExactly(id + " first-batch");
    }

    @Test
    void shouldHoldTheProducerToTheConfiguredTransactionTimeout() throws Exception {
        String id = "test-" + UUID.randomUUID();
        try (PipelineTransaction transaction = open(id); Admin admin = admin()) {
            beginAndSend(transaction, id, "open");
            TransactionDescription description = admin.describeTransactions(List.of(id)).description(id)
                    .get(10, TimeUnit.SECONDS);
            assertThat(description.transactionTimeoutMs()).isEqualTo(TRANSACTION_TIMEOUT.toMillis());
            assertThat(transaction.abortAfter(new IllegalStateException("test over"))).isTrue();
        }
    }

    @Test
    void shouldTreatFencingAuthorizationAndSequenceErrorsAsFatalWhereverTheyAreWrapped() {
        assertThat(PipelineTransaction.fatal(new CamelExecutionException("route failed", null,
                new ExecutionException(new ProducerFencedException("fenced"))))).isTrue();
        assertThat(PipelineTransaction.fatal(new TransactionalIdAuthorizationException("no ACL"))).isTrue();
        assertThat(PipelineTransaction.fatal(new CamelExecutionException("route failed", null,
                new TimeoutException("broker slow")))).isFalse();
        assertThat(PipelineTransaction.fatal(new IllegalStateException("database away"))).isFalse();
    }

    private static PipelineTransaction open(String id) {
        return PipelineTransaction.open(new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                GatewayInfrastructure.bootstrapServers())), id, ContactPublisher.ACK_TIMEOUT, TRANSACTION_TIMEOUT);
    }

    /** A batch's transaction with one acknowledged record "{@code id} {@code text}" in it. */
    private static void beginAndSend(PipelineTransaction transaction, String id, String text) throws Exception {
        transaction.begin();
        transaction.send(new ProducerRecord<>(topic, "key", (id + " " + text).getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
    }

    private static void publish(PipelineTransaction transaction, String id, String text) throws Exception {
        beginAndSend(transaction, id, text);
        transaction.commit(Map.of(), GROUP);
    }

    /** What a read_committed reader finds of the test's records; an open transaction before them hides them all. */
    private static List<String> committed(String id) {
        return TopicReader.read(topic, TopicReader.valueContains(id), 1, Duration.ofSeconds(20)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private static Admin admin() {
        return Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, GatewayInfrastructure.bootstrapServers()));
    }
}
