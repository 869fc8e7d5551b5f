package io.switchboard.survey;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.domain.ContactRecord;
import io.switchboard.pipeline.PipelineBatch;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stage, after the router: a message of a surveyed conversation, received after the question went out, that reads
 * as an answer ({@link SurveyAnswer}) stores the score and comment on the survey. It is tagged {@value #TAG}, is in
 * the customer's history and on {@code switchboard.contacts}, and reaches no agent queue when it is only a rating: a
 * bare score, or a score of 3 or more with a comment of at most {@value #MAX_QUIET_COMMENT} characters. A low score
 * with a comment, or a long comment, is scored and still routed, because someone should read it. A survey is open
 * once its question was sent, until answered or {@code switchboard.survey.answer-window} after the request.
 * <p>
 * A batch processed again finds the survey its record answered (by record id) and treats the record the same way.
 * Costs a query only for a batch holding a message that reads as a score.
 */
@Singleton
@Named("surveyAnswers")
public class SurveyAnswers {

    public static final String TAG = "survey.answer";
    static final int MAX_QUIET_COMMENT = 20;
    private static final int LOWEST_QUIET_SCORE = 3;

    /** @param asked when the question went out (its first send attempt) */
    private record OpenSurvey(UUID conversationId, Instant asked, UUID answeredBy) {}

    private record Candidate(PipelineBatch.Item item, SurveyAnswer answer) {}

    private final DataSource dataSource;
    private final MeterRegistry registry;
    private final DistributionSummary scores;

    @Inject
    public SurveyAnswers(Database database, MeterRegistry registry) {
        this.dataSource = database.dataSource();
        this.registry = registry;
        this.scores = DistributionSummary.builder("switchboard.csat.score")
                .description("satisfaction scores customers answered, 1 to 5").register(registry);
    }

    public void recognise(PipelineBatch batch) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        for (PipelineBatch.Item item : batch.live()) {
            ContactRecord record = item.record();
            if (ContactRecord.INBOUND.equals(record.direction()) && record.conversationId() != null) {
                SurveyAnswer.parse(record.text()).ifPresent(answer -> candidates.add(new Candidate(item, answer)));
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            Map<UUID, OpenSurvey> open = openSurveys(c, candidates);
            Set<UUID> taken = new HashSet<>();
            for (Candidate candidate : candidates) {
                ContactRecord record = candidate.item().record();
                UUID recordId = UUID.fromString(record.id());
                Optional<OpenSurvey> survey = answered(open.get(UUID.fromString(record.conversationId())), record,
                        recordId, taken);
                if (survey.isPresent() && store(c, survey.get(), candidate.answer(), recordId)) {
                    taken.add(survey.get().conversationId());
                    candidate.item().record(asAnswer(record, candidate.answer()));
                    if (survey.get().answeredBy() == null) {
                        registry.counter("switchboard.csat.answers", "score", String.valueOf(candidate.answer().score()),
                                "channel", record.channel().wireName()).increment();
                        scores.record(candidate.answer().score());
                    }
                }
            }
        }
    }

    /** The record's conversation's survey if the record answers it: the answer it gave before, or the first after
     * the question went out. */
    private static Optional<OpenSurvey> answered(OpenSurvey survey, ContactRecord record, UUID recordId,
            Set<UUID> taken) {
        if (survey == null) {
            return Optional.empty();
        }
        if (recordId.equals(survey.answeredBy())) {
            return Optional.of(survey);
        }
        boolean first = survey.answeredBy() == null && !taken.contains(survey.conversationId());
        return first && record.receivedAt().isAfter(survey.asked()) ? Optional.of(survey) : Optional.empty();
    }

    private static ContactRecord asAnswer(ContactRecord record, SurveyAnswer answer) {
        List<String> tags = new ArrayList<>(record.tags());
        tags.add(0, TAG);
        ContactRecord.Builder scored = record.toBuilder().tags(tags);
        boolean onlyARating = answer.comment().isEmpty()
                || (answer.score() >= LOWEST_QUIET_SCORE && answer.comment().length() <= MAX_QUIET_COMMENT);
        if (!onlyARating) {
            return scored.build();
        }
        return scored.queue(null).routing(null).preferredAgent(null).build();
    }

    /** The surveys of these records' conversations still open (question sent, not answered, in time) or answered
     * by one of them. */
    private static Map<UUID, OpenSurvey> openSurveys(Connection c, List<Candidate> candidates) throws SQLException {
        Object[] conversations = candidates.stream().map(x -> UUID.fromString(x.item().record().conversationId()))
                .distinct().toArray();
        Object[] records = candidates.stream().map(x -> UUID.fromString(x.item().record().id())).toArray();
        Map<UUID, OpenSurvey> open = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT s.conversation_id, r.first_attempt_at,"
                + " s.answer_record_id FROM survey s JOIN reply r ON r.reply_id = s.reply_id"
                + " WHERE s.conversation_id = ANY (?) AND r.status IN ('sent', 'delivered')"
                + " AND ((s.answered_at IS NULL AND s.answer_by > now()) OR s.answer_record_id = ANY (?))")) {
            s.setArray(1, c.createArrayOf("uuid", conversations));
            s.setArray(2, c.createArrayOf("uuid", records));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    UUID conversation = rs.getObject(1, UUID.class);
                    open.put(conversation, new OpenSurvey(conversation, rs.getTimestamp(2).toInstant(),
                            rs.getObject(3, UUID.class)));
                }
            }
        }
        return open;
    }

    private static boolean store(Connection c, OpenSurvey survey, SurveyAnswer answer, UUID recordId)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE survey SET score = ?, comment = ?, answered_at ="
                + " COALESCE(answered_at, now()), answer_record_id = ? WHERE conversation_id = ?"
                + " AND (answered_at IS NULL OR answer_record_id = ?)")) {
            s.setInt(1, answer.score());
            s.setString(2, answer.comment().isEmpty() ? null : answer.comment());
            s.setObject(3, recordId);
            s.setObject(4, survey.conversationId());
            s.setObject(5, recordId);
            return s.executeUpdate() == 1;
        }
    }
}
