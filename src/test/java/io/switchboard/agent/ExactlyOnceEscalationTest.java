package io.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.agentclient.AgentEventPublisher;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Escalations exactly once for {@code read_committed} readers, through the loop's transactional
 * outbox: breaches that fire while the broker is down are published once it is back, a relay that
 * dies after its Kafka transaction committed but before it deleted the rows publishes nothing again,
 * and agent events delivered again after their database commit change and publish nothing. Every
 * event is counted by its {@code eventId} and each re-routed record by its lane.
 */
class ExactlyOnceEscalationTest {

    private static final ObjectMapper JSON = AgentLoopTestBed.JSON;
    private static AgentLoopTestBed bed;
    private static AgroalDataSource database;
    private static AgentFloorFixture floor;

    @BeforeAll
    static void start() throws Exception {
        bed = new AgentLoopTestBed(List.of("general", "supervisors"));
        database = bed.database();
        floor = bed.floor();
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void shouldPublishBreachesThatFiredWhileTheBrokerWasDownOnceItIsBack() throws Exception {
        AgentLoop loop = loop("outage");
        loop.start();
        try {
            List<AgentFloorFixture.Contact> contacts = openConversations(10, Duration.ofSeconds(4));
            floor.routeAll(contacts);
            await().atMost(Duration.ofSeconds(60)).until(() -> loop.scheduledTimers() >= contacts.size() * 2);
            GatewayInfrastructure.killBroker();
            try {
                // the database decides without the broker: breaches fire into the outbox while the instance
                // still owns the partitions (a long outage can cost it them; then they fire after the rejoin)
                await().atMost(Duration.ofSeconds(30)).until(() -> breached(contacts) > 0);
                assertThat(outboxRows()).as("warning, breach, re-routed record, escalated").isGreaterThanOrEqualTo(4);
                Thread.sleep(3000);
            } finally {
                GatewayInfrastructure.restartBroker();
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> breached(contacts) == contacts.size());
            assertPublishedOnce(contacts);
            await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);
        } finally {
            loop.close();
        }
    }

    @Test
    void shouldPublishNothingTwiceWhenTheRelayDiesBetweenItsKafkaCommitAndDeletingTheRows() throws Exception {
        AgentLoop loop = loop("kill-point");
        // connections of their own, not the pool's: closing one ends its session and its locks
        try (Connection otherRelay = DriverManager.getConnection(GatewayInfrastructure.postgresUrl());
                Connection blocker = DriverManager.getConnection(GatewayInfrastructure.postgresUrl())) {
            // another instance's relay leads: this loop's relay waits as a standby while the breaches fire
            lockLeadership(otherRelay);
            loop.start();
            List<AgentFloorFixture.Contact> contacts = openConversations(5, Duration.ofSeconds(3));
            floor.routeAll(contacts);
            await().atMost(Duration.ofSeconds(60)).until(() -> breached(contacts) == contacts.size());
            assertThat(escalations(contacts, 1, Duration.ofSeconds(2))).as("nothing published yet").isEmpty();

            // row locks on the pending rows: reading them goes on, deleting them waits
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.executeQuery("SELECT seq FROM loop_outbox FOR UPDATE").close();
            }
            otherRelay.close();
            int relayBackend = await().atMost(Duration.ofSeconds(60)).until(ExactlyOnceEscalationTest::deletingBackend,
                    pid -> pid > 0);

            // the kill point: the Kafka transaction committed, the rows are still there
            assertThat(escalations(contacts, contacts.size() * 3, Duration.ofSeconds(30))).hasSize(contacts.size() * 3);
            assertThat(outboxRows(blocker)).isGreaterThanOrEqualTo(contacts.size() * 4L);
            try (PreparedStatement s = blocker.prepareStatement("SELECT pg_terminate_backend(?)")) {
                s.setInt(1, relayBackend);
                s.executeQuery().close();
            }
            blocker.rollback();

            // the relay leads again on a new connection, deletes what its progress record lists, publishes nothing
            await().atMost(Duration.ofSeconds(30)).until(() -> outboxRows() == 0);
            Thread.sleep(2000);
            assertPublishedOnce(contacts);
        } finally {
            loop.close();
        }
    }

    @Test
    void shouldSkipAgentEventsDeliveredAgainAfterTheirTransactionCommitted() throws Exception {
        AgentFloorFixture.Contact contact = floor.openConversation("general", "medium", Duration.ofHours(2),
                Duration.ofHours(48), null, List.of());
        String id = contact.conversationId().toString();
        String malformedKey = "malformed-" + UUID.randomUUID();
        AgentLoop first = loop("first-delivery", "redelivery-test", new SimpleMeterRegistry());
        first.start();
        try (AgentEventPublisher agents = new AgentEventPublisher(floor.kafkaSettings(), "switchboard.")) {
            floor.route(contact);
            // claimed and transferred at one instant: their content tells them apart, only the offset tells
            // a redelivered claimed from a new one
            // (in milliseconds, as agent tools write them: PostgreSQL rounds to microseconds)
            Instant at = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
            agents.conversationEvent("claimed", id, "agent-1", null, at);
            agents.conversationEvent("transferred", id, "agent-1", "supervisors", at);
            floor.publishAgentEvent(malformedKey, "not json".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(60)).until(() -> "supervisors/medium".equals(waitingLane(contact)));
            assertThat(deadLetters(malformedKey, 1, Duration.ofSeconds(60))).hasSize(1);
        } finally {
            first.close();
        }
        try (Admin admin = Admin.create(floor.kafkaSettings())) {
            // as if the offset commit after the database commit had failed: the group reads everything again
            admin.deleteConsumerGroups(List.of("redelivery-test")).all().get(30, TimeUnit.SECONDS);
        }
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        AgentLoop second = loop("second-delivery", "redelivery-test", metrics);
        second.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> events(metrics, "transferred", "redelivered") >= 1
                    && events(metrics, "malformed", "redelivered") >= 1);
            Thread.sleep(1000);
            assertThat(metrics.find("switchboard.agent.events").tag("outcome", "applied").counters())
                    .as("every record of agent-events was applied before").isEmpty();
            assertThat(waitingLane(contact)).isEqualTo("supervisors/medium");
            assertThat(state(contact)).isEqualTo("open");
            assertThat(deadLetters(malformedKey, 2, Duration.ofSeconds(10))).hasSize(1);
            assertThat(TopicReader.read(GatewayInfrastructure.bootstrapServers(), "switchboard.queue.supervisors.medium",
                    r -> id.equals(conversationOf(r)), 2, Duration.ofSeconds(5))).hasSize(1);
        } finally {
            second.close();
        }
    }

    private static double events(SimpleMeterRegistry metrics, String type, String outcome) {
        var counter = metrics.find("switchboard.agent.events").tag("type", type).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String key, int expected, Duration within) {
        return TopicReader.read(GatewayInfrastructure.bootstrapServers(), "switchboard.dead-letter", TopicReader.keyIs(key),
                expected, within);
    }

    private static String waitingLane(AgentFloorFixture.Contact contact) throws SQLException {
        return single("SELECT string_agg(queue || '/' || priority, ',') FROM queue_waiting WHERE conversation_id = ?",
                contact.conversationId());
    }

    private static String state(AgentFloorFixture.Contact contact) throws SQLException {
        return single("SELECT state FROM conversation WHERE id = ?", contact.conversationId());
    }

    private static String single(String sql, UUID parameter) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void assertPublishedOnce(List<AgentFloorFixture.Contact> contacts) throws Exception {
        escalations(contacts, contacts.size() * 3, Duration.ofSeconds(90));
        Thread.sleep(2000);
        Set<String> conversations = conversationIds(contacts);
        AgentLoopTestBed.assertOneOfEachPerConversation(escalations(contacts, contacts.size() * 3,
                Duration.ofSeconds(10)), conversations);
        List<ConsumerRecord<String, byte[]>> rerouted = TopicReader.read(GatewayInfrastructure.bootstrapServers(),
                "switchboard.queue.supervisors.high", r -> conversations.contains(conversationOf(r)), contacts.size(),
                Duration.ofSeconds(10));
        assertThat(rerouted).extracting(ExactlyOnceEscalationTest::conversationOf)
                .containsExactlyInAnyOrderElementsOf(conversations);
    }

    private static List<AgentFloorFixture.Contact> openConversations(int count, Duration respondWithin)
            throws SQLException {
        List<AgentFloorFixture.Contact> contacts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            contacts.add(floor.openConversation("general", "medium", respondWithin, Duration.ofHours(48), "supervisors",
                    List.of()));
        }
        return contacts;
    }

    private static List<ConsumerRecord<String, byte[]>> escalations(List<AgentFloorFixture.Contact> contacts, int expected,
            Duration within) {
        Set<String> conversations = conversationIds(contacts);
        return TopicReader.read(GatewayInfrastructure.bootstrapServers(), "switchboard.escalations",
                r -> conversations.contains(r.key()), expected, within);
    }

    private static Set<String> conversationIds(List<AgentFloorFixture.Contact> contacts) {
        Set<String> ids = new HashSet<>();
        contacts.forEach(c -> ids.add(c.conversationId().toString()));
        return ids;
    }

    private static String conversationOf(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("conversationId").asText();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static int breached(List<AgentFloorFixture.Contact> contacts) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("SELECT count(*)"
                + " FROM sla_clock WHERE kind = 'first-response' AND breached_at IS NOT NULL AND conversation_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("uuid", contacts.stream().map(AgentFloorFixture.Contact::conversationId)
                    .toArray(UUID[]::new)));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long outboxRows() throws SQLException {
        try (Connection c = database.getConnection()) {
            return outboxRows(c);
        }
    }

    private static long outboxRows(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM loop_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void lockLeadership(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
            s.setLong(1, OutboxRelay.LEADERSHIP);
            s.executeQuery().close();
        }
    }

    /**
     * The backend of a relay waiting to delete locked rows; 0 while there is none. Asked on a connection of
     * its own: a transaction sees one snapshot of pg_stat_activity.
     */
    private static int deletingBackend() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM loop_outbox%'")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static AgentLoop loop(String name) {
        return loop(name, "exactly-once-test", new SimpleMeterRegistry());
    }

    private static AgentLoop loop(String name, String group, SimpleMeterRegistry metrics) {
        return bed.loop(name, group, metrics, Duration.ofMillis(200));
    }
}
