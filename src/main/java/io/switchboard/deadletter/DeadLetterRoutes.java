package io.switchboard.deadletter;

import io.quarkus.vertx.http.ManagementInterface;
import io.switchboard.audit.AuditLog;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.security.Caller;
import io.switchboard.security.OperatorAccess;
import io.switchboard.security.Role;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code /dead-letters} on the operator port: list, inspect and replay what the pipeline set aside. Dead
 * letters hold raw messages (personal data), so every call needs the admin role and is audited. Kafka
 * and database work runs on worker threads.
 */
@Singleton
public class DeadLetterRoutes {

    private static final Logger LOG = Logger.getLogger(DeadLetterRoutes.class);
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final DeadLetterOperations operations;
    private final DeadLetterTopic topic;
    private final OperatorAccess access;
    private final AuditLog audit;

    @Inject
    public DeadLetterRoutes(DeadLetterOperations operations, DeadLetterTopic topic, OperatorAccess access, AuditLog audit) {
        this.operations = operations;
        this.topic = topic;
        this.access = access;
        this.audit = audit;
    }

    void register(@Observes ManagementInterface operatorPort) {
        Router router = operatorPort.router();
        router.get("/dead-letters").handler(access.require(Role.ADMIN)).blockingHandler(this::list, false);
        router.post("/dead-letters/replay").handler(access.require(Role.ADMIN)).blockingHandler(this::replayAll, false);
        router.get("/dead-letters/:partition/:offset").handler(access.require(Role.ADMIN)).blockingHandler(this::inspect, false);
        router.post("/dead-letters/:partition/:offset/replay").handler(access.require(Role.ADMIN))
                .blockingHandler(this::replay, false);
    }

    private void list(RoutingContext ctx) {
        Optional<Integer> partition = number(ctx, "partition", 0, Integer.MAX_VALUE).map(Long::intValue);
        Optional<Long> offset = number(ctx, "offset", 0, Long.MAX_VALUE);
        Optional<Long> limit = number(ctx, "limit", 1, MAX_LIMIT);
        if (ctx.response().ended()) {
            return;
        }
        run(ctx, () -> {
            audited(ctx, "dead-letter.list", "from " + partition.orElse(0) + "/" + offset.orElse(0L));
            DeadLetterOperations.Page page = operations.list(partition.orElse(0), offset.orElse(0L),
                    limit.map(Long::intValue).orElse(DEFAULT_LIMIT), filter(ctx));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("count", topic.count());
            body.put("items", page.items());
            body.put("next", page.next().map(p -> Map.of("partition", p.partition(), "offset", p.offset())).orElse(null));
            json(ctx, 200, body);
        });
    }

    private void inspect(RoutingContext ctx) {
        withPosition(ctx, (partition, offset) -> audited(ctx, "dead-letter.read", partition + "/" + offset)
                .inspect(partition, offset).ifPresentOrElse(
                view -> json(ctx, 200, view), () -> notFound(ctx, partition, offset)));
    }

    private void replay(RoutingContext ctx) {
        withPosition(ctx, (partition, offset) -> audited(ctx, "dead-letter.replay", partition + "/" + offset)
                .replay(partition, offset).ifPresentOrElse(
                outcome -> json(ctx, outcome.replayed() ? 200 : 409, outcome.view()), () -> notFound(ctx, partition, offset)));
    }

    private void replayAll(RoutingContext ctx) {
        DeadLetterFilter filter = filter(ctx);
        if (filter.isEmpty() && !"true".equals(ctx.request().getParam("all"))) {
            HttpErrors.send(ctx.response(), 400, "invalid_query",
                    "give ?stage=, ?reason= or ?source= to choose dead letters, or ?all=true for every one", null);
            return;
        }
        run(ctx, () -> json(ctx, 200, audited(ctx, "dead-letter.replay", filter.isEmpty() ? "all"
                : "by filter stage " + filter.stage().orElse("*")).replayAll(filter)));
    }

    /** Audits the call (dead letters name no customer until parsed), then hands back the operations to run. */
    private DeadLetterOperations audited(RoutingContext ctx, String action, String detail) {
        try {
            audit.record(Caller.of(ctx), action, java.util.Optional.empty(), detail);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the audit log could not be written", e);
        }
        return operations;
    }

    private static DeadLetterFilter filter(RoutingContext ctx) {
        return new DeadLetterFilter(param(ctx, "stage"), param(ctx, "reason"), param(ctx, "source"));
    }

    private static Optional<String> param(RoutingContext ctx, String name) {
        return Optional.ofNullable(ctx.request().getParam(name)).filter(v -> !v.isBlank());
    }

    /** A whole-number query or path parameter within bounds; answers 400 and returns empty otherwise. */
    private static Optional<Long> number(RoutingContext ctx, String name, long min, long max) {
        Optional<String> raw = Optional.ofNullable(ctx.pathParam(name)).or(() -> param(ctx, name));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        HttpErrors.send(ctx.response(), 400, "invalid_parameter",
                name + " must be a whole number from " + min + " to " + max, name);
        return Optional.empty();
    }

    private interface PositionAction {
        void run(int partition, long offset);
    }

    private void withPosition(RoutingContext ctx, PositionAction action) {
        Optional<Long> partition = number(ctx, "partition", 0, Integer.MAX_VALUE);
        Optional<Long> offset = number(ctx, "offset", 0, Long.MAX_VALUE);
        if (partition.isPresent() && offset.isPresent()) {
            run(ctx, () -> action.run(partition.get().intValue(), offset.get()));
        }
    }

    private static void run(RoutingContext ctx, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s %s failed", ctx.request().method(), ctx.request().path());
            HttpErrors.unavailable(ctx.response(), 5, "the broker or the database is not available; retry later");
        }
    }

    private static void notFound(RoutingContext ctx, int partition, long offset) {
        HttpErrors.send(ctx.response(), 404, "not_found",
                "no dead letter at partition " + partition + " offset " + offset, null);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
    }
}
