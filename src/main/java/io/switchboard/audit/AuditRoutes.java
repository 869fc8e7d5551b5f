package io.switchboard.audit;

import io.quarkus.vertx.http.ManagementInterface;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.security.Caller;
import io.switchboard.security.OperatorAccess;
import io.switchboard.security.Role;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** {@code GET /audit?customer=<id>&limit=<n>} on the operator port, admin role: who read or changed what. */
@Singleton
public class AuditRoutes {

    private static final Logger LOG = Logger.getLogger(AuditRoutes.class);
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final AuditLog audit;
    private final OperatorAccess access;

    @Inject
    public AuditRoutes(AuditLog audit, OperatorAccess access) {
        this.audit = audit;
        this.access = access;
    }

    void register(@Observes ManagementInterface operatorPort) {
        operatorPort.router().get("/audit").handler(access.require(Role.ADMIN)).blockingHandler(this::list, false);
    }

    private void list(RoutingContext ctx) {
        Optional<UUID> customer;
        int limit;
        try {
            customer = Optional.ofNullable(ctx.request().getParam("customer")).filter(v -> !v.isBlank()).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            HttpErrors.send(ctx.response(), 400, "invalid_parameter", "customer must be a UUID", "customer");
            return;
        }
        try {
            limit = Optional.ofNullable(ctx.request().getParam("limit")).map(Integer::parseInt).orElse(DEFAULT_LIMIT);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            HttpErrors.send(ctx.response(), 400, "invalid_parameter", "limit must be a whole number from 1 to " + MAX_LIMIT,
                    "limit");
            return;
        }
        try {
            List<AuditLog.Entry> entries = audit.entries(customer, limit);
            audit.record(Caller.of(ctx), "audit.read", customer, null);
            ctx.response().putHeader("Content-Type", "application/json").end(Json.encode(Map.of("entries", entries)));
        } catch (SQLException e) {
            LOG.warnf("GET /audit: the database did not answer: %s", e.getMessage());
            HttpErrors.unavailable(ctx.response(), 5, "the audit log could not be read; retry later");
        }
    }
}
