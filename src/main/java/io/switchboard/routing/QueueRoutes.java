package io.switchboard.routing;

import io.switchboard.ingress.HttpErrors;
import io.switchboard.tagging.TaggingFiles;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import org.jboss.logging.Logger;

/** {@code GET /queues}: per queue and priority lane, depth, oldest wait, SLA at risk, agents online. */
@Singleton
public class QueueRoutes {

    private static final Logger LOG = Logger.getLogger(QueueRoutes.class);

    private final FloorReader floor;
    private final TaggingFiles files;

    @Inject
    public QueueRoutes(FloorReader floor, TaggingFiles files) {
        this.floor = floor;
        this.files = files;
    }

    void register(@Observes Router router) {
        router.get("/queues").blockingHandler(this::queues, false);
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
