package io.switchboard.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Unremovable;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Body;

/**
 * "We received your message; an agent will reply by …": one acknowledgement per conversation, when its first contact
 * reaches an agent queue (the {@code routed} event on {@code switchboard.agent-events}), on the contact's channel,
 * with the first-response deadline of its SLA. Sent like a survey, as a reply the gateway writes itself: it does not
 * count as the agent's answer. Never to machine-written mail (bounces, auto-replies, lists: the loop guard's
 * {@code suppressAutoResponse}) and never without a deadline to promise.
 */
@Singleton
@Named("acknowledgements")
@Unremovable
public class Acknowledgements {

    /** The author of the acknowledgement's outbound record: the gateway, not an agent. */
    public static final String AUTHOR = "switchboard:acknowledgement";

    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /**
     * An acknowledgement later than this after the routing tells the customer nothing: skipped, so turning the
     * feature on (the route reads the topic from its start) or a long outage never sends a burst of stale ones.
     */
    static final Duration MAX_DELAY = Duration.ofMinutes(10);

    private final Database database;
    private final ReplyIntake intake;
    private final ObjectMapper json;
    private final Set<Channel> channels = EnumSet.noneOf(Channel.class);
    private final LocalizedTexts texts;
    private final ZoneId zone;

    @Inject
    public Acknowledgements(Database database, ReplyIntake intake, ObjectMapper json, SwitchboardConfig config) {
        this.database = database;
        this.intake = intake;
        this.json = json;
        config.acknowledgement().channels().forEach(name -> channels.add(Channel.fromWireName(name.strip())));
        this.texts = config.acknowledgement().enabled() ? new LocalizedTexts("switchboard.acknowledgement",
                config.acknowledgement().text(), config.acknowledgement().defaultLanguage()) : null;
        this.zone = ZoneId.of(config.acknowledgement().zone());
    }

    public static String replyId(UUID conversationId) {
        return "ack-" + conversationId;
    }

    /** One agent event; only a {@code routed} one can owe an acknowledgement. Throws only when the database is away. */
    public void take(@Body byte[] body) throws SQLException {
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (IOException e) {
            return; // the agent loop dead-letters what it cannot read
        }
        Optional<Instant> respondBy = owed(event, channels, Instant.now());
        if (respondBy.isEmpty()) {
            return;
        }
        UUID conversationId = UUID.fromString(event.path("conversationId").asText());
        JsonNode record = event.path("record");
        String text = texts.of(record.path("language").asText(null)).replace("{respondBy}", DEADLINE.format(respondBy.get().atZone(zone)));
        ReplyCommand acknowledgement = new ReplyCommand(replyId(conversationId), conversationId, AUTHOR, text,
                Optional.empty(), List.of());
        try (Connection c = database.connection()) {
            intake.storeAutomatic(c, acknowledgement, record);
        }
    }

    /**
     * The first-response deadline to promise when {@code event} is the routing of a customer's contact on one of
     * {@code channels} that a person wrote, routed at most {@link #MAX_DELAY} before {@code now}; empty otherwise.
     */
    static Optional<Instant> owed(JsonNode event, Set<Channel> channels, Instant now) {
        JsonNode record = event.path("record");
        if (!"routed".equals(event.path("type").asText()) || !ContactRecord.INBOUND.equals(record.path("direction").asText())
                || record.at("/context/email/loopGuard/suppressAutoResponse").asBoolean(false)) {
            return Optional.empty();
        }
        try {
            UUID.fromString(event.path("conversationId").asText());
            if (!channels.contains(Channel.fromWireName(event.path("channel").asText()))) {
                return Optional.empty();
            }
            if (Instant.parse(event.path("at").asText()).plus(MAX_DELAY).isBefore(now)) {
                return Optional.empty();
            }
            return Optional.of(Instant.parse(event.path("respondBy").asText()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
