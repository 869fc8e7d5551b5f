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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Stage, after the router: a message that answers its customer's open satisfaction survey ({@link SurveyAnswer})
 * stores the score and comment on the survey and reaches no agent queue — it is in the customer's history and on
 * {@code switchboard.contacts}, tagged {@value #TAG}, and is not a new problem. An answer whose comment is longer
 * than {@value #MAX_QUIET_COMMENT} characters is scored and still routed: it may be a new request. A survey is open
 * once its question was sent, until answered or {@code switchboard.survey.answer-window} after the request.
 * <p>
 * A batch processed again finds the survey its record answered (by record id) and treats the record the same way.
 * Costs a query only for a batch holding a message that reads as a score.
 */
@Singleton
@Named("surveyAnswers")
public class SurveyAnswers {

    public static final String TAG = "survey.answer";
    static final int MAX_QUIET_COMMENT = 60;

    private record OpenSurvey(UUID conversationId, String customerId, String channel, UUID answeredBy) {}

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
            if (ContactRecord.INBOUND.equals(record.direction()) && record.customer() != null) {
                SurveyAnswer.parse(record.text()).ifPresent(answer -> candidates.add(new Candidate(item, answer)));
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            Map<String, List<OpenSurvey>> open = openSurveys(c, candidates);
            Set<UUID> taken = new HashSet<>();
            for (Candidate candidate : candidates) {
                ContactRecord record = candidate.item().record();
                UUID recordId = UUID.fromString(record.id());
                Optional<OpenSurvey> survey = answered(open.getOrDefault(record.customer().id(), List.of()), record,
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

    /** The survey this record answers: the one it answered before, else the newest open one, same channel first. */
    private static Optional<OpenSurvey> answered(List<OpenSurvey> surveys, ContactRecord record, UUID recordId,
            Set<UUID> taken) {
        Optional<OpenSurvey> before = surveys.stream().filter(s -> recordId.equals(s.answeredBy())).findFirst();
        if (before.isPresent()) {
            return before;
        }
        List<OpenSurvey> unanswered = surveys.stream()
                .filter(s -> s.answeredBy() == null && !taken.contains(s.conversationId())).toList();
        return Stream.concat(unanswered.stream().filter(s -> s.channel().equals(record.channel().wireName())),
                unanswered.stream()).findFirst();
    }

    private static ContactRecord asAnswer(ContactRecord record, SurveyAnswer answer) {
        List<String> tags = new ArrayList<>(record.tags());
        tags.add(0, TAG);
        ContactRecord.Builder scored = record.toBuilder().tags(tags);
        if (answer.comment().length() > MAX_QUIET_COMMENT) {
            return scored.build();
        }
        return scored.queue(null).routing(null).preferredAgent(null).build();
    }

    /** Open surveys (question sent, not answered, in time) and those answered by these records, per customer. */
    private static Map<String, List<OpenSurvey>> openSurveys(Connection c, List<Candidate> candidates)
            throws SQLException {
        Object[] customers = candidates.stream().map(x -> UUID.fromString(x.item().record().customer().id()))
                .distinct().toArray();
        Object[] records = candidates.stream().map(x -> UUID.fromString(x.item().record().id())).toArray();
        Map<String, List<OpenSurvey>> open = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT s.conversation_id, v.customer_id, s.channel,"
                + " s.answer_record_id FROM survey s JOIN conversation v ON v.id = s.conversation_id"
                + " JOIN reply r ON r.reply_id = s.reply_id WHERE v.customer_id = ANY (?)"
                + " AND r.status IN ('sent', 'delivered')"
                + " AND ((s.answered_at IS NULL AND s.answer_by > now()) OR s.answer_record_id = ANY (?))"
                + " ORDER BY s.requested_at DESC")) {
            s.setArray(1, c.createArrayOf("uuid", customers));
            s.setArray(2, c.createArrayOf("uuid", records));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String customer = rs.getObject(2, UUID.class).toString();
                    open.computeIfAbsent(customer, k -> new ArrayList<>()).add(new OpenSurvey(
                            rs.getObject(1, UUID.class), customer, rs.getString(3), rs.getObject(4, UUID.class)));
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
