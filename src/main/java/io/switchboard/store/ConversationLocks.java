package io.switchboard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.UUID;

/**
 * The one order in which transactions lock conversations: the pipeline (which touches the conversations
 * of a batch's customers) and the agent loop (which moves a poll's conversations through their states)
 * both take every row they will change at once, in PostgreSQL's id order, so they cannot deadlock on
 * conversation rows. NO KEY UPDATE, not UPDATE: inserts that reference a conversation (contact history,
 * thread keys, queue waits) take KEY SHARE locks, which UPDATE would block for the whole transaction.
 */
public final class ConversationLocks {

    private ConversationLocks() {}

    public static void lockInOrder(Connection c, Collection<UUID> conversationIds) throws SQLException {
        if (conversationIds.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM conversation WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE")) {
            s.setArray(1, c.createArrayOf("uuid", conversationIds.stream().distinct().toArray()));
            s.executeQuery().close();
        }
    }
}
