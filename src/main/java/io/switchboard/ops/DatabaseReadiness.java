package io.switchboard.ops;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while PostgreSQL answers: without it nothing accepted becomes a ContactRecord and no
 * agent can read a customer. Ops who prefer to keep taking webhooks into Kafka through a database
 * outage (the pipeline catches up afterwards) set {@code switchboard.db.in-readiness=false}; the check
 * then still reports the database, without taking the pod out of service.
 */
@Readiness
@Singleton
public class DatabaseReadiness implements HealthCheck {

    private static final int TIMEOUT_SECONDS = 2;

    private final Database database;
    private final boolean decidesReadiness;

    @Inject
    public DatabaseReadiness(Database database, SwitchboardConfig config) {
        this.database = database;
        this.decidesReadiness = config.db().inReadiness();
    }

    @Override
    public HealthCheckResponse call() {
        String problem = null;
        try (Connection c = database.operatorDataSource().getConnection()) {
            if (!c.isValid(TIMEOUT_SECONDS)) {
                problem = "the connection did not answer within " + TIMEOUT_SECONDS + " s";
            }
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        return HealthCheckResponse.named("database")
                .status(problem == null || !decidesReadiness)
                .withData("state", problem == null ? "answering" : "not answering: " + problem)
                .withData("decidesReadiness", decidesReadiness)
                .build();
    }
}
