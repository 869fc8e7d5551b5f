package io.switchboard.outbound;

import io.switchboard.ingress.InvalidPayloadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.ManagementInterface;
import io.switchboard.audit.AuditLog;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.security.Caller;
import io.switchboard.security.OperatorAccess;
import io.switchboard.security.Role;
import io.switchboard.store.Database;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * {@code POST /conversations/{id}/replies} and {@code GET /replies/{replyId}} on the operator port (agent role).
 * A reply is checked first (conversation, erasure, channel limits, sending settings) and answered 202 only once its
 * command is acknowledged on {@code switchboard.outbound}; the outbound-intake route stores it from there. Both run
 * on worker threads: the database and the broker acknowledgement are awaited there, never on the event loop.
 */
@Singleton
public class ReplyRoutes {

    private static final Logger LOG = Logger.getLogger(ReplyRoutes.class);
    /** Text and attachments at their limits (ChannelLimits), base64, with room for the JSON around them. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ReplyIntake intake;
    private final OutboundJournal journal;
    private final OperatorAccess access;
    private final AuditLog audit;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final int retryAfterSeconds;

    @Inject
    public ReplyRoutes(ReplyIntake intake, OutboundJournal journal, OperatorAccess access, AuditLog audit,
            Database database, ObjectMapper json, SwitchboardConfig config) {
        this.intake = intake;
        this.journal = journal;
        this.access = access;
        this.audit = audit;
        this.dataSource = database.operatorDataSource();
        this.json = json;
        this.retryAfterSeconds = config.ingress().retryAfterSeconds();
    }

    void register(@Observes ManagementInterface operatorPort) {
        Router router = operatorPort.router();
        router.post("/conversations/:id/replies").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(access.require(Role.AGENT)).blockingHandler(this::reply, false).failureHandler(this::failed);
        router.get("/replies/:replyId").handler(access.require(Role.AGENT)).blockingHandler(this::status, false)
                .failureHandler(this::failed);
    }

    private void reply(RoutingContext ctx) {
        ReplyCommand command;
        try {
            JsonNode body = json.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
            if (body == null || body.isMissingNode()) {
                throw new InvalidPayloadException(null, "the body must be a JSON object");
            }
            command = ReplyCommand.parse(body, ctx.pathParam("id"));
        } catch (IOException e) {
            HttpErrors.send(ctx.response(), 400, "invalid_payload", "the body is not JSON", null);
            return;
        } catch (InvalidPayloadException e) {
            HttpErrors.send(ctx.response(), 400, "conversationId".equals(e.field()) ? "invalid_id" : "invalid_payload",
                    e.getMessage(), e.field());
            return;
        }
        try {
            Optional<Reply> known;
            ReplyIntake.Checked checked;
            try (Connection c = dataSource.getConnection()) {
                known = intake.store().find(c, command.replyId());
                checked = known.isPresent() ? null : intake.check(c, command);
            }
            if (known.isPresent()) {
                audit.record(Caller.of(ctx), "conversation.reply", Optional.ofNullable(known.get().customerId()),
                        "reply " + command.replyId() + " again: " + known.get().status().wireName());
                json(ctx, 202, Map.of("replyId", command.replyId(), "status", known.get().status().wireName()));
                return;
            }
            if (checked instanceof ReplyIntake.Checked.No no) {
                audit.record(Caller.of(ctx), "conversation.reply", List.of(),
                        "reply " + command.replyId() + " refused: " + no.refusal().error());
                HttpErrors.send(ctx.response(), no.refusal().status(), no.refusal().error(), no.refusal().message(),
                        no.refusal().field());
                return;
            }
            ReplyIntake.Accepted accepted = ((ReplyIntake.Checked.Ok) checked).accepted();
            audit.record(Caller.of(ctx), "conversation.reply", Optional.of(accepted.conversation().customerId()),
                    "reply " + command.replyId() + " on " + accepted.address().channel().wireName());
            try {
                journal.write(List.of(intake.commandRecord(command)));
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("Reply %s could not be stored: %s", command.replyId(), e.toString());
                HttpErrors.unavailable(ctx.response(), retryAfterSeconds,
                        "the message broker did not confirm the reply in time; retry later with the same replyId");
                return;
            }
            json(ctx, 202, Map.of("replyId", command.replyId(), "status", ReplyStatus.ACCEPTED.wireName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpErrors.unavailable(ctx.response(), retryAfterSeconds, "the gateway is stopping; retry later");
        } catch (Exception e) {
            LOG.errorf(e, "POST %s failed", ctx.request().path());
            HttpErrors.unavailable(ctx.response(), retryAfterSeconds, "the reply store is not available; retry later");
        }
    }

    private void status(RoutingContext ctx) {
        String replyId = ctx.pathParam("replyId");
        try {
            Optional<Reply> reply;
            try (Connection c = dataSource.getConnection()) {
                reply = intake.store().find(c, replyId);
            }
            audit.record(Caller.of(ctx), "reply.read", reply.map(Reply::customerId).filter(id -> id != null),
                    "reply " + replyId);
            if (reply.isEmpty()) {
                HttpErrors.send(ctx.response(), 404, "not_found", "no reply " + replyId, null);
            } else {
                ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                        .end(reply.get().statusJson(json).toString());
            }
        } catch (Exception e) {
            LOG.errorf(e, "GET %s failed", ctx.request().path());
            HttpErrors.unavailable(ctx.response(), retryAfterSeconds, "the reply store is not available; retry later");
        }
    }

    private void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(io.vertx.core.json.Json.encode(body));
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.failure() != null) {
            LOG.errorf(ctx.failure(), "%s %s failed", ctx.request().method(), ctx.request().path());
        }
        HttpErrors.fromStatus(ctx.response(), status < 0 ? 500 : status);
    }
}
