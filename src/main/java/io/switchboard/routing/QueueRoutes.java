package io.switchboard.routing;

import io.quarkus.vertx.http.ManagementInterface;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.security.OperatorAccess;
import io.switchboard.security.Role;
import io.switchboard.tagging.TaggingFiles;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * {@code GET /queues} on the operator port (supervisor role): per queue and priority lane, depth, oldest
 * wait, SLA at risk, agents online. No customer data, so it is not audited.
 */
@Singleton
public class QueueRoutes {

    private static final Logger LOG = Logger.getLogger(QueueRoutes.class);

    private final FloorReader floor;
    private final TaggingFiles files;
    private final OperatorAccess access;

    @Inject
    public QueueRoutes(FloorReader floor, TaggingFiles files, OperatorAccess access) {
        this.floor = floor;
        this.files = files;
        this.access = access;
    }

    void register(@Observes ManagementInterface operatorPort) {
        operatorPort.router().get("/queues").handler(access.require(Role.SUPERVISOR)).blockingHandler(this::queues, false);
    }

    private void queues(RoutingContext ctx) {
        try {
            FloorReader.FloorView view = floor.view(files.routing().workflow().queueNames(), Instant.now());
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(Json.encode(view));
        } catch (SQLException e) {
            LOG.warnf("GET /queues: the database did not answer: %s", e.getMessage());
            ctx.response().putHeader("Retry-After", "5");
            HttpErrors.send(ctx.response(), 503, "database_unavailable", "the queue state could not be read", null);
        }
    }
}
