package io.switchboard.routing;

import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.switchboard.agentclient.AgentEventPublisher;
import io.switchboard.store.Database;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Chat webhook → pipeline → router → queue lane and routed event → agent loop → GET /queues; then an
 * agent claims the conversation and later goes offline, and the customer's next messages follow:
 * real Kafka, real PostgreSQL, the real agent-event loop.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class RoutingPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final String LOW = "switchboard.queue.general.low";
    private static final String QUESTION = "How do I set up the timer function? Thanks";

    @Inject
    Database database;

    @Test
    void shouldRouteThenStickToTheClaimingAgentAndLetGoWhenItGoesOffline() throws Exception {
        String first = "route-" + UUID.randomUUID();
        JsonNode record = queued(ChatRequests.message(first, QUESTION));
        assertThat(record.get("queue").asText()).isEqualTo("general");
        assertThat(record.get("preferredAgent").isNull()).isTrue();
        assertThat(record.at("/routing/rule").asText()).isEqualTo("default");
        assertThat(record.at("/routing/reason").asText()).isEqualTo("default");
        assertThat(record.at("/routing/escalationQueue").asText()).isEqualTo("supervisors");
        String conversation = record.get("conversationId").asText();

        JsonNode routed = JSON.readTree(TopicReader.read("switchboard.agent-events", r -> conversation.equals(r.key())
                && new String(r.value()).contains("\"routed\""), 1, WAIT).get(0).value());
        assertThat(routed.get("queue").asText()).isEqualTo("general");
        assertThat(routed.get("priority").asText()).isEqualTo("low");
        assertThat(routed.get("customerId").asText()).isEqualTo(record.at("/customer/id").asText());
        assertThat(routed.get("recordId").asText()).isEqualTo(record.get("id").asText());
        assertThat(routed.get("channel").asText()).isEqualTo("chat");
        assertThat(routed.get("respondBy").asText()).isEqualTo(record.at("/sla/respondBy").asText());
        assertThat(routed.get("rule").asText()).isEqualTo("default");
        assertThat(routed.get("escalationQueue").asText()).isEqualTo("supervisors");
        assertThat(routed.get("nextTargets").isArray()).isTrue();
        assertThat(routed.at("/record/id").asText()).isEqualTo(record.get("id").asText());

        await().atMost(WAIT).until(() -> lane("general", "low").getInt("depth") >= 1);
        JsonPath queues = OperatorApi.as(Role.SUPERVISOR).get("/queues").then().statusCode(200).extract().jsonPath();
        assertThat(queues.getList("queues.queue")).containsExactly("general", "vip", "supervisors");
        assertThat(queues.getList("queues[0].lanes.priority")).containsExactly("high", "medium", "low");

        try (AgentEventPublisher agents = new AgentEventPublisher(
                Map.of("bootstrap.servers", GatewayInfrastructure.bootstrapServers()), "switchboard.")) {
            agents.agentOnline("agent-7", List.of("general"));
            agents.claimed(conversation, "agent-7");
            await().atMost(WAIT).until(() -> "agent-7".equals(assignedAgent(conversation)));
            await().atMost(WAIT).until(() -> OperatorApi.as(Role.SUPERVISOR).get("/queues").jsonPath().getInt("queues[0].agentsOnline") == 1);

            JsonNode sticky = queued(sameVisitor(first, "second-" + UUID.randomUUID()));
            assertThat(sticky.get("conversationId").asText()).isEqualTo(conversation);
            assertThat(sticky.get("preferredAgent").asText()).isEqualTo("agent-7");
            assertThat(sticky.at("/routing/reason").asText()).isEqualTo("sticky");

            agents.agentOffline("agent-7");
            await().atMost(WAIT).until(() -> OperatorApi.as(Role.SUPERVISOR).get("/queues").jsonPath().getInt("agentsOnline") == 0);
            JsonNode rerouted = queued(sameVisitor(first, "third-" + UUID.randomUUID()));
            assertThat(rerouted.get("conversationId").asText()).isEqualTo(conversation);
            assertThat(rerouted.get("preferredAgent").isNull()).isTrue();
            assertThat(rerouted.at("/routing/reason").asText()).isEqualTo("default");
        }
    }

    /** Posts the body and returns its record from the general low lane. */
    private static JsonNode queued(String body) throws Exception {
        String id = ChatRequests.post(body).then().statusCode(202).extract().path("id");
        return JSON.readTree(TopicReader.read(LOW, TopicReader.valueContains(id), 1, WAIT).get(0).value());
    }

    /** A new message from the visitor and session of {@code first}. */
    private static String sameVisitor(String first, String messageId) {
        return ChatRequests.message(messageId, QUESTION).replace("sess-" + messageId, "sess-" + first)
                .replace("visitor-" + messageId, "visitor-" + first);
    }

    private static JsonPath lane(String queue, String priority) {
        JsonPath view = OperatorApi.as(Role.SUPERVISOR).get("/queues").then().statusCode(200).extract().jsonPath();
        return new JsonPath(view.prettify()).setRootPath(
                "queues.find { it.queue == '" + queue + "' }.lanes.find { it.priority == '" + priority + "' }");
    }

    private String assignedAgent(String conversation) throws Exception {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT assigned_agent FROM conversation WHERE id = ?::uuid")) {
            s.setString(1, conversation);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
