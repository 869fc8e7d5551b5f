package io.switchboard.survey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.outbound.LocalizedTexts;
import io.switchboard.outbound.ReplyCommand;
import io.switchboard.outbound.ReplyIntake;
import io.switchboard.store.Database;
import io.switchboard.store.Transactions;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Body;
import org.jboss.logging.Logger;

/**
 * Turns each survey request of {@code switchboard.surveys} into a reply the dispatcher sends on the conversation's
 * channel, in the customer's language, and opens the survey for their answer ({@link SurveyAnswers}). The reply id
 * is derived from the conversation, so a request read twice asks once. A survey that cannot go (the chat visitor
 * cannot be reached, no sending credentials, the customer was erased) is kept as a failed reply with the reason, and
 * no answer is waited for.
 */
@Singleton
@Named("surveySender")
@Unremovable
public class SurveySender {

    private static final Logger LOG = Logger.getLogger(SurveySender.class);

    /** The author of the survey's outbound record: the gateway, not an agent. */
    public static final String AUTHOR = "switchboard:survey";

    private final Database database;
    private final ReplyIntake intake;
    private final ObjectMapper json;
    private final boolean send;
    private final LocalizedTexts texts;
    private final Duration answerWindow;
    private final MeterRegistry registry;

    @Inject
    public SurveySender(Database database, ReplyIntake intake, ObjectMapper json, SwitchboardConfig config,
            MeterRegistry registry) {
        this.database = database;
        this.intake = intake;
        this.json = json;
        this.send = config.survey().send();
        this.texts = send ? new LocalizedTexts("switchboard.survey", config.survey().text(),
                config.survey().defaultLanguage()) : null;
        this.answerWindow = config.survey().answerWindow();
        this.registry = registry;
    }

    /** The reply that asks a conversation's survey question. */
    public static String replyId(UUID conversationId) {
        return "survey-" + conversationId;
    }

    /** One request from {@code switchboard.surveys}; throws only when the database is away, so it is read again. */
    public void take(@Body byte[] body) throws Exception {
        if (!send) {
            return;
        }
        UUID conversationId;
        JsonNode request;
        try {
            request = json.readTree(body);
            conversationId = UUID.fromString(request.path("conversationId").asText());
        } catch (IOException | IllegalArgumentException e) {
            // the agent loop writes these; one it cannot have written is not worth stopping the route for
            LOG.warnf("Survey request skipped: not a survey request (%s)", e.getMessage());
            return;
        }
        String resolvedBy = request.path("agentId").asText(null);
        Transactions.inTransaction(database.dataSource(), c -> {
            ask(c, conversationId, resolvedBy);
            return null;
        });
    }

    private void ask(Connection c, UUID conversationId, String resolvedBy) throws SQLException {
        String language = intake.store().conversation(c, conversationId)
                .map(conversation -> conversation.latestRecord() == null ? null
                        : conversation.latestRecord().path("language").asText(null)).orElse(null);
        ReplyCommand question = new ReplyCommand(replyId(conversationId), conversationId, AUTHOR, texts.of(language),
                Optional.empty(), List.of());
        Optional<ReplyIntake.Automatic> stored = intake.storeAutomatic(c, question, null);
        if (stored.isEmpty()) {
            return;
        }
        if (stored.get().accepted()) {
            open(c, conversationId, question.replyId(), stored.get().channel().wireName(), resolvedBy);
        }
        registry.counter("switchboard.csat.surveys", "outcome", stored.get().accepted() ? "asked" : "not-sent")
                .increment();
    }

    private void open(Connection c, UUID conversationId, String replyId, String channel, String resolvedBy)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO survey (conversation_id, reply_id, channel, agent_id,"
                + " answer_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id) DO NOTHING")) {
            s.setObject(1, conversationId);
            s.setString(2, replyId);
            s.setString(3, channel);
            s.setString(4, resolvedBy);
            s.setTimestamp(5, Timestamp.from(Instant.now().plus(answerWindow)));
            s.executeUpdate();
        }
    }
}
