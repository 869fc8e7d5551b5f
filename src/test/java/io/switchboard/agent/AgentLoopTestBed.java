package io.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.store.Database;
import io.switchboard.testing.GatewayInfrastructure;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;

/**
 * What the plain-JUnit agent-loop tests run on: the real broker and database of
 * {@link GatewayInfrastructure}, migrated, the {@link AgentFloorFixture} with the queues' lanes, and
 * loops built as several gateway instances would build theirs.
 */
final class AgentLoopTestBed implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PER_BREACH = List.of("sla-warning", "sla-breach", "escalated");

    private final GatewayInfrastructure infrastructure = new GatewayInfrastructure();
    private final AgroalDataSource database;
    private final AgentFloorFixture floor;

    AgentLoopTestBed(List<String> queues) throws Exception {
        Map<String, String> config = infrastructure.start();
        database = Database.pool(config.get("switchboard.db.url"), "postgres", null, 8);
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        floor = new AgentFloorFixture(GatewayInfrastructure.bootstrapServers(), database);
        floor.createTopics(queues);
    }

    AgroalDataSource database() {
        return database;
    }

    AgentFloorFixture floor() {
        return floor;
    }

    AgentLoop loop(String name, String group, MeterRegistry metrics, Duration relayPollInterval) {
        return new AgentLoop(name, floor.kafkaSettings(), database, floor.topics(), JSON, new LoopMetrics(metrics),
                new AgentLoopSettings(group, 500, 0.8, Duration.ZERO, 500, relayPollInterval, 500));
    }

    /** Exactly one warning, breach and escalated per conversation (first-response clocks), no two with one eventId. */
    static void assertOneOfEachPerConversation(List<ConsumerRecord<String, byte[]>> escalations,
            Collection<String> conversations) throws IOException {
        Map<String, Integer> perTypeAndConversation = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : escalations) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(event.get("kind").asText()).isEqualTo("first-response");
            perTypeAndConversation.merge(event.get("type").asText() + "|" + record.key(), 1, Integer::sum);
            eventIds.add(event.get("eventId").asText());
        }
        assertThat(escalations).hasSize(conversations.size() * PER_BREACH.size());
        assertThat(eventIds).hasSize(conversations.size() * PER_BREACH.size());
        for (String conversation : conversations) {
            for (String type : PER_BREACH) {
                assertThat(perTypeAndConversation.get(type + "|" + conversation)).as(type + " of " + conversation)
                        .isEqualTo(1);
            }
        }
    }

    @Override
    public void close() {
        floor.close();
        database.close();
        infrastructure.stop();
    }
}
