package io.switchboard.agent;

import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.agentclient.AgentEventPublisher;
import io.switchboard.agentclient.Lane;
import io.switchboard.agentclient.QueueDrainer;
import io.switchboard.pipeline.ContactPublisher;
import io.switchboard.store.Database;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The closed loop on the real broker and database: records on queue lanes with their routed events,
 * an agent tool (the client helper) draining by priority and reporting claimed / replied / resolved,
 * SLA warnings and breaches with seconds-long SLAs, next-target moves, transfers, presence, bad events.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class AgentLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Database database;

    private AgentFloorFixture floor;
    private AgentEventPublisher agents;

    @BeforeEach
    void setUp() throws Exception {
        floor = new AgentFloorFixture(GatewayInfrastructure.bootstrapServers(), database.dataSource());
        floor.createTopics(List.of("general", "desk", "supervisors", "billing", "overflow", "transfers"));
        agents = new AgentEventPublisher(floor.kafkaSettings(), "switchboard.");
    }

    @AfterEach
    void tearDown() {
        agents.close();
        floor.close();
    }

    @Test
    void shouldDrainByPriorityAndTrackTheConversationToOneSurvey() throws Exception {
        AgentFloorFixture.Contact low = floor.openConversation("desk", "low", Duration.ofHours(4), Duration.ofHours(72), null, List.of());
        AgentFloorFixture.Contact high = floor.openConversation("desk", "high", Duration.ofHours(1), Duration.ofHours(24), null, List.of());
        AgentFloorFixture.Contact medium = floor.openConversation("desk", "medium", Duration.ofHours(2), Duration.ofHours(48), null, List.of());
        floor.routeAll(List.of(low, high, medium));
        await().atMost(WAIT).until(() -> waiting(high.conversationId()) == 1 && waiting(low.conversationId()) == 1
                && waiting(medium.conversationId()) == 1);
        assertThat(conversation(high.conversationId())).containsEntry("queue", "desk").containsEntry("priority", "high");
        assertThat(clockStopped(high.conversationId(), "first-response")).isFalse();

        List<String> served = new ArrayList<>();
        Map<String, Object> settings = floor.kafkaSettings();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "desk-agents");
        try (QueueDrainer drainer = new QueueDrainer(settings, "switchboard.", "desk")) {
            drainer.drain(WAIT, (lane, contact) -> {
                JsonNode record = JSON.readTree(contact.value());
                served.add(lane.wireName() + ":" + record.get("conversationId").asText());
                agents.claimed(record.get("conversationId").asText(), "agent-" + lane.wireName());
            });
        }
        assertThat(served).containsExactly("high:" + high.conversationId(), "medium:" + medium.conversationId(),
                "low:" + low.conversationId());
        await().atMost(WAIT).until(() -> "assigned".equals(conversation(high.conversationId()).get("state")));
        assertThat(conversation(high.conversationId())).containsEntry("assigned_agent", "agent-high");
        assertThat(waiting(high.conversationId())).isZero();

        String id = high.conversationId().toString();
        agents.replied(id, "agent-high");
        await().atMost(WAIT).until(() -> "responded".equals(conversation(high.conversationId()).get("state")));
        assertThat(clockStopped(high.conversationId(), "first-response")).isTrue();
        assertThat(clockStopped(high.conversationId(), "resolution")).isFalse();

        agents.resolved(id, "agent-high");
        agents.resolved(id, "agent-high");
        await().atMost(WAIT).until(() -> "resolved".equals(conversation(high.conversationId()).get("state")));
        assertThat(clockStopped(high.conversationId(), "resolution")).isTrue();

        // the customer writes again: the conversation reopens with fresh clocks, and is resolved again
        floor.route(high.withRecord());
        await().atMost(WAIT).until(() -> "open".equals(conversation(high.conversationId()).get("state")));
        assertThat(clockStopped(high.conversationId(), "first-response")).isFalse();
        agents.resolved(id, "agent-high");
        await().atMost(WAIT).until(() -> "resolved".equals(conversation(high.conversationId()).get("state")));

        List<ConsumerRecord<String, byte[]>> surveys = TopicReader.read("switchboard.surveys", TopicReader.keyIs(id), 2,
                Duration.ofSeconds(8));
        assertThat(surveys).hasSize(1);
        JsonNode survey = JSON.readTree(surveys.get(0).value());
        assertThat(survey.get("customerId").asText()).isEqualTo(high.customerId());
        assertThat(survey.get("channel").asText()).isEqualTo("chat");
        assertThat(survey.get("agentId").asText()).isEqualTo("agent-high");
        assertThat(survey.hasNonNull("resolvedAt")).isTrue();
    }

    @Test
    void shouldWarnThenBreachOnceAndReRouteToTheEscalationQueueOnePriorityHigher() throws Exception {
        AgentFloorFixture.Contact contact = floor.openConversation("general", "medium", Duration.ofSeconds(3),
                Duration.ofHours(48), "supervisors", List.of());
        floor.route(contact);
        String id = contact.conversationId().toString();

        List<ConsumerRecord<String, byte[]>> escalations = TopicReader.read("switchboard.escalations",
                TopicReader.keyIs(id), 3, WAIT);
        Thread.sleep(2000);
        escalations = TopicReader.read("switchboard.escalations", TopicReader.keyIs(id), 3, Duration.ofSeconds(5));
        Map<String, JsonNode> byType = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : escalations) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(byType.put(event.get("type").asText(), event)).as("one " + event.get("type")).isNull();
        }
        assertThat(byType).containsOnlyKeys("sla-warning", "sla-breach", "escalated");
        JsonNode breach = byType.get("sla-breach");
        assertThat(breach.get("kind").asText()).isEqualTo("first-response");
        assertThat(breach.get("queue").asText()).isEqualTo("general");
        assertThat(breach.get("priority").asText()).isEqualTo("medium");
        // PostgreSQL keeps microseconds
        assertThat(Instant.parse(breach.get("dueAt").asText())).isCloseTo(contact.respondBy(), within(1, ChronoUnit.MICROS));
        assertThat(Instant.parse(breach.get("at").asText())).isAfterOrEqualTo(contact.respondBy().truncatedTo(ChronoUnit.MILLIS));
        assertThat(Instant.parse(byType.get("sla-warning").get("warnAt").asText())).isBefore(contact.respondBy());
        assertThat(byType.get("escalated").get("queue").asText()).isEqualTo("supervisors");
        assertThat(byType.get("escalated").get("priority").asText()).isEqualTo("high");

        List<ConsumerRecord<String, byte[]>> rerouted = TopicReader.read("switchboard.queue.supervisors.high",
                TopicReader.valueContains(id), 1, WAIT);
        assertThat(rerouted).hasSize(1);
        assertThat(JSON.readTree(rerouted.get(0).value()).get("priority").asText()).isEqualTo("high");
        assertThat(conversation(contact.conversationId())).containsEntry("queue", "supervisors")
                .containsEntry("priority", "high").containsEntry("state", "open");
        assertThat(waitingLane(contact.conversationId())).isEqualTo("supervisors/high");
    }

    @Test
    void shouldMoveAnUnclaimedContactToItsNextTargetAndATransferredOneToItsQueue() throws Exception {
        AgentFloorFixture.Contact unclaimed = floor.openConversation("general", "low", Duration.ofHours(4),
                Duration.ofHours(72), null, List.of(new AgentEvent.NextTarget("overflow", Duration.ofSeconds(1))));
        floor.route(unclaimed);
        assertThat(TopicReader.read("switchboard.queue.overflow.low",
                TopicReader.valueContains(unclaimed.conversationId().toString()), 1, WAIT)).hasSize(1);
        await().atMost(WAIT).until(() -> "overflow/low".equals(waitingLane(unclaimed.conversationId())));
        assertThat(conversation(unclaimed.conversationId())).containsEntry("queue", "overflow");

        AgentFloorFixture.Contact claimed = floor.openConversation("general", "medium", Duration.ofHours(2),
                Duration.ofHours(48), null, List.of(new AgentEvent.NextTarget("overflow", Duration.ofSeconds(5))));
        floor.route(claimed);
        String id = claimed.conversationId().toString();
        agents.claimed(id, "agent-1");
        agents.transferred(id, "agent-1", "billing");
        assertThat(TopicReader.read("switchboard.queue.billing.medium", TopicReader.valueContains(id), 1, WAIT)).hasSize(1);
        await().atMost(WAIT).until(() -> "billing/medium".equals(waitingLane(claimed.conversationId())));
        assertThat(conversation(claimed.conversationId())).containsEntry("state", "open").containsEntry("queue", "billing")
                .containsEntry("assigned_agent", null);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), claimed.receivedAt().plusSeconds(6)).toMillis()));
        assertThat(TopicReader.read("switchboard.queue.overflow.medium", TopicReader.valueContains(id), 1,
                Duration.ofSeconds(3))).as("a claimed contact no longer moves on").isEmpty();
    }

    @Test
    void shouldDeadLetterMalformedEventsAndIgnoreUnknownTypesWithoutStopping() throws Exception {
        String key = "bad-" + UUID.randomUUID();
        floor.publishAgentEvent(key, "{\"type\":\"claimed\",\"conversationId\":\"not-a-uuid\"".getBytes(StandardCharsets.UTF_8));
        floor.publishAgentEvent(key, "{\"type\":\"coffee-break\",\"agentId\":\"a-1\"}".getBytes(StandardCharsets.UTF_8));
        String typo = "{\"type\":\"transferred\",\"conversationId\":\"" + UUID.randomUUID()
                + "\",\"agentId\":\"a-1\",\"at\":\"" + Instant.now() + "\",\"queue\":\"no-such-queue\"}";
        floor.publishAgentEvent(key, typo.getBytes(StandardCharsets.UTF_8));
        AgentFloorFixture.Contact contact = floor.openConversation("general", "low", Duration.ofHours(4),
                Duration.ofHours(72), null, List.of());
        floor.route(contact);
        await().atMost(WAIT).until(() -> waiting(contact.conversationId()) == 1);

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.read("switchboard.dead-letter", TopicReader.keyIs(key), 2, WAIT);
        assertThat(dead).hasSize(2);
        assertThat(new String(dead.get(0).headers().lastHeader(ContactPublisher.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .startsWith("not JSON");
        assertThat(new String(dead.get(1).headers().lastHeader(ContactPublisher.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("transfer target queue 'no-such-queue' has no lane topics");
        assertThat(new String(dead.get(0).headers().lastHeader(ContactPublisher.DLQ_STAGE).value(), StandardCharsets.UTF_8))
                .isEqualTo("agent-events");
        OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("switchboard_agent_events_total{outcome=\"ignored\",type=\"unknown\"}"))
                .body(containsString("switchboard_agent_events_total{outcome=\"dead-lettered\",type=\"malformed\"}"));
    }

    @Test
    void shouldKeepTheNewestPresenceWhateverTheOrderEventsArriveIn() throws Exception {
        String agent = "agent-" + UUID.randomUUID();
        Instant now = Instant.now();
        floor.publishAgentEvent(agent, presence("agent-online", agent, now, "[\"general\",\"vip\"]"));
        floor.publishAgentEvent(agent, presence("agent-offline", agent, now.minusSeconds(60), null));
        await().atMost(WAIT).until(() -> presence(agent) != null);
        Thread.sleep(1000);
        assertThat(presence(agent)).isEqualTo("true {general,vip}");
        agents.agentOffline(agent);
        await().atMost(WAIT).until(() -> presence(agent).startsWith("false"));
    }

    private static byte[] presence(String type, String agent, Instant at, String queues) {
        return ("{\"type\":\"" + type + "\",\"agentId\":\"" + agent + "\",\"at\":\"" + at + "\""
                + (queues == null ? "" : ",\"queues\":" + queues) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Object> conversation(UUID id) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT state, queue, priority, assigned_agent FROM conversation WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Map<String, Object> row = new HashMap<>();
                for (String column : List.of("state", "queue", "priority", "assigned_agent")) {
                    row.put(column, rs.getString(column));
                }
                return row;
            }
        }
    }

    private int waiting(UUID conversation) throws SQLException {
        return Integer.parseInt(single("SELECT count(*) FROM queue_waiting WHERE conversation_id = ?", conversation));
    }

    private String waitingLane(UUID conversation) throws SQLException {
        return single("SELECT string_agg(queue || '/' || priority, ',') FROM queue_waiting WHERE conversation_id = ?",
                conversation);
    }

    private boolean clockStopped(UUID conversation, String kind) throws SQLException {
        return "t".equals(single("SELECT (stopped_at IS NOT NULL)::text::char FROM sla_clock WHERE conversation_id = ?"
                + " AND kind = '" + kind + "'", conversation));
    }

    private String presence(String agent) throws SQLException {
        return single("SELECT online || ' ' || queues::text FROM agent_presence WHERE agent_id = ?", agent);
    }

    private String single(String sql, Object parameter) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
