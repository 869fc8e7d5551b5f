package io.switchboard.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.switchboard.security.Role;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Agents' replies as a test posts and follows them on the operator port of the gateway under test. */
public final class Replies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Replies() {}

    /** {@code POST /conversations/{id}/replies} as an agent ({@code agent-7}). */
    public static Response post(String conversationId, String replyId, String text) {
        return OperatorApi.as(Role.AGENT).contentType("application/json").body(body(replyId, text))
                .post("/conversations/" + conversationId + "/replies");
    }

    public static String body(String replyId, String text) {
        return JSON.createObjectNode().put("replyId", replyId).put("agentId", "agent-7").put("text", text).toString();
    }

    /** The status JSON of {@code GET /replies/{replyId}} once it says {@code wanted}. */
    public static JsonNode awaitStatus(String replyId, String wanted, Duration within) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(within).until(() -> {
            Response response = OperatorApi.as(Role.AGENT).get("/replies/" + replyId);
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = JSON.readTree(response.asByteArray());
            return wanted.equals(last[0].get("status").asText());
        });
        return last[0];
    }

    /** Waits until the agent loop knows the conversation's latest contact, which a reply is addressed from. */
    public static void awaitReplyable(String conversationId, Duration within) {
        await().atMost(within).until(() -> latestRecordKnown(conversationId));
    }

    private static boolean latestRecordKnown(String conversationId) throws SQLException {
        try (Connection c = DriverManager.getConnection(GatewayInfrastructure.postgresUrl());
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM loop_conversation"
                        + " WHERE conversation_id = ?::uuid AND latest_record IS NOT NULL")) {
            s.setString(1, conversationId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
