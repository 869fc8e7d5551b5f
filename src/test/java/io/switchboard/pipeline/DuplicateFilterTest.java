package io.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.RawMessage;
import io.switchboard.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The message-key claims on a real PostgreSQL: a batch retried after its Kafka transaction aborted
 * passes its own claims, while the same message read from another raw-topic position is a duplicate.
 */
class DuplicateFilterTest {

    private static EmbeddedPostgres postgres;
    private static AgroalDataSource database;
    private static DuplicateFilter filter;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        database = Database.pool(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null, 4);
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        filter = new DuplicateFilter(database);
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
        postgres.close();
    }

    @Test
    void shouldLetABatchRetriedAfterAnAbortedTransactionThroughAgain() throws Exception {
        String id = "retry-" + UUID.randomUUID();
        publish(batch(item(id, 3, 17)));

        // the transaction aborted: the same raw message is read again from the committed offset
        PipelineBatch retry = batch(item(id, 3, 17));
        filter.dropAlreadyPublished(retry);

        assertThat(retry.live()).hasSize(1);
        filter.rememberPublished(retry);
    }

    @Test
    void shouldDropTheSameMessageDeliveredAgainAtAnotherPosition() throws Exception {
        String id = "redelivered-" + UUID.randomUUID();
        publish(batch(item(id, 0, 5)));

        PipelineBatch again = batch(item(id, 2, 40), item("other-" + UUID.randomUUID(), 2, 41));
        filter.dropAlreadyPublished(again);

        assertThat(again.items().get(0).duplicate()).isTrue();
        assertThat(again.live()).extracting(i -> i.source().offset()).containsExactly(41L);
    }

    @Test
    void shouldDropRepeatsWithinOneBatch() throws Exception {
        String id = "twice-" + UUID.randomUUID();
        PipelineBatch batch = batch(item(id, 1, 8), item(id, 4, 9));

        filter.dropAlreadyPublished(batch);

        assertThat(batch.live()).extracting(i -> i.source().offset()).containsExactly(8L);
    }

    @Test
    void shouldRefuseToCommitAMessageAnotherPositionClaimedMeanwhile() throws Exception {
        String id = "race-" + UUID.randomUUID();
        PipelineBatch mine = batch(item(id, 0, 100));
        filter.dropAlreadyPublished(mine);
        publish(batch(item(id, 5, 7)));

        assertThatThrownBy(() -> filter.rememberPublished(mine))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chat:" + id);

        PipelineBatch retried = batch(item(id, 0, 100));
        filter.dropAlreadyPublished(retried);
        assertThat(retried.live()).isEmpty();
    }

    /** What the pipeline does with a batch up to its Kafka transaction's commit. */
    private static void publish(PipelineBatch batch) throws Exception {
        filter.dropAlreadyPublished(batch);
        filter.rememberPublished(batch);
    }

    private static PipelineBatch batch(Item... items) {
        PipelineBatch batch = new PipelineBatch(null);
        for (Item i : items) {
            PipelineBatch.Item item = batch.add(new PipelineBatch.Source("switchboard.inbound.raw", i.partition(),
                    i.offset(), i.messageId(), Map.of(), new byte[0]));
            RawMessage raw = new RawMessage(Channel.CHAT, i.messageId(), Instant.now(), "application/json", Map.of(),
                    new byte[0]);
            item.raw(raw);
            item.record(ContactRecord.builder().id(raw.recordId()).channel(Channel.CHAT).build());
        }
        return batch;
    }

    private static Item item(String messageId, int partition, long offset) {
        return new Item(messageId, partition, offset);
    }

    private record Item(String messageId, int partition, long offset) {}
}
