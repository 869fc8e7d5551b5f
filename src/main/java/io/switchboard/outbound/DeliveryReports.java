package io.switchboard.outbound;

import io.switchboard.domain.Channel;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Applies what a channel reports after it took a reply (Twilio's SMS status callbacks) to the reply's row; the
 * outbound-dispatch route's recorder then publishes the change on {@code switchboard.outbound.status}, as it does
 * every status change, so a report is durable once this returns.
 */
@Singleton
public class DeliveryReports {

    private final Database database;
    private final ReplyStore store;

    @Inject
    public DeliveryReports(Database database, ReplyIntake intake) {
        this.database = database;
        this.store = intake.store();
    }

    /** The reply that changed; none for a step on the way, or when no sent reply of the channel has that id. */
    public Optional<String> apply(Channel channel, DeliveryReport report) throws SQLException {
        Optional<ReplyStatus> status = report.replyStatus();
        if (status.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = database.connection()) {
            return store.reportDelivery(c, channel, report, status.get());
        }
    }
}
