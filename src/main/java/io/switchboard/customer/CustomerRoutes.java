package io.switchboard.customer;

import io.quarkus.vertx.http.ManagementInterface;
import io.switchboard.audit.AuditLog;
import io.switchboard.domain.Identity;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.security.Caller;
import io.switchboard.security.LookupRateLimiter;
import io.switchboard.security.OperatorAccess;
import io.switchboard.security.Role;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code /customers} on the operator port: context and identity look-ups for agent tools (agent role,
 * rate-limited per key), merge proposals an agent confirms or rejects, the VIP flag (supervisor) and the
 * operator actions (erase, link an identity, merge history and undo: admin). Every call is audited by credential name before it answers. Database
 * work runs on worker threads in the operator pool, never on the event loop that answers webhooks.
 */
@Singleton
public class CustomerRoutes {

    private static final Logger LOG = Logger.getLogger(CustomerRoutes.class);
    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** Lookup parameters and the identity types each one searches. */
    private static final Map<String, List<String>> LOOKUPS = Map.of(
            "phone", List.of(Identity.PHONE),
            "email", List.of(Identity.EMAIL),
            "wechat", List.of(IdentityKeys.WECHAT_OPENID, IdentityKeys.WECHAT_UNIONID),
            "crm", List.of(IdentityKeys.CRM),
            "visitor", List.of(Identity.CHAT_VISITOR));

    private final CustomerOperations operations;
    private final OperatorAccess access;
    private final LookupRateLimiter lookups;
    private final AuditLog audit;

    @Inject
    public CustomerRoutes(CustomerOperations operations, OperatorAccess access, LookupRateLimiter lookups, AuditLog audit) {
        this.operations = operations;
        this.access = access;
        this.lookups = lookups;
        this.audit = audit;
    }

    void register(@Observes ManagementInterface operatorPort) {
        Router router = operatorPort.router();
        router.get("/customers/:id/context").handler(access.require(Role.AGENT)).handler(lookups.handler())
                .blockingHandler(this::context, false).failureHandler(this::failed);
        router.get("/customers").handler(access.require(Role.AGENT)).handler(lookups.handler())
                .blockingHandler(this::lookup, false).failureHandler(this::failed);
        router.delete("/customers/:id").handler(access.require(Role.ADMIN)).blockingHandler(this::erase, false)
                .failureHandler(this::failed);
        router.post("/customers/:id/identities").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(access.require(Role.ADMIN)).blockingHandler(this::link, false).failureHandler(this::failed);
        router.put("/customers/:id/vip").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(access.require(Role.SUPERVISOR)).blockingHandler(this::vip, false).failureHandler(this::failed);
        router.get("/customers/:id/merges").handler(access.require(Role.ADMIN)).blockingHandler(this::merges, false)
                .failureHandler(this::failed);
        router.post("/customer-merges/:mergeId/undo").handler(access.require(Role.ADMIN))
                .blockingHandler(this::undo, false).failureHandler(this::failed);
        router.get("/customers/:id/merge-proposals").handler(access.require(Role.AGENT))
                .blockingHandler(this::proposals, false).failureHandler(this::failed);
        router.post("/merge-proposals/:proposalId/confirm").handler(access.require(Role.AGENT))
                .blockingHandler(ctx -> decide(ctx, true), false).failureHandler(this::failed);
        router.post("/merge-proposals/:proposalId/reject").handler(access.require(Role.AGENT))
                .blockingHandler(ctx -> decide(ctx, false), false).failureHandler(this::failed);
    }

    private void context(RoutingContext ctx) {
        withId(ctx, "id", id -> {
            audit.record(Caller.of(ctx), "customer.context.read", Optional.of(id), null);
            Optional<Map<String, Object>> view = operations.context(id);
            if (view.isEmpty()) {
                notFound(ctx, "no customer " + id);
            } else {
                json(ctx, 200, view.get());
            }
        });
    }

    private void lookup(RoutingContext ctx) {
        List<String> given = LOOKUPS.keySet().stream().filter(p -> ctx.queryParam(p).size() > 0).sorted().toList();
        if (given.size() != 1 || ctx.queryParam(given.get(0)).get(0).isBlank()) {
            HttpErrors.send(ctx.response(), 400, "invalid_query",
                    "give exactly one of ?phone=, ?email=, ?wechat=, ?crm=, ?visitor=", null);
            return;
        }
        String parameter = given.get(0);
        String value = ctx.queryParam(parameter).get(0);
        List<Identity> identities = new ArrayList<>();
        for (String type : LOOKUPS.get(parameter)) {
            identities.add(new Identity(type, value));
        }
        run(ctx, () -> {
            List<Map<String, Object>> customers = operations.find(identities);
            audit.record(Caller.of(ctx), "customer.lookup",
                    customers.stream().map(c -> UUID.fromString((String) c.get("id"))).toList(),
                    "by " + parameter + ", " + customers.size() + " found");
            if (customers.isEmpty()) {
                notFound(ctx, "no customer with that " + parameter);
            } else {
                json(ctx, 200, Map.of("customers", customers));
            }
        });
    }

    private void erase(RoutingContext ctx) {
        withId(ctx, "id", id -> {
            audit.record(Caller.of(ctx), "customer.erase", Optional.of(id), null);
            Optional<List<UUID>> erased = operations.erase(id, Caller.of(ctx).actor());
            if (erased.isEmpty()) {
                notFound(ctx, "no customer " + id);
            } else {
                json(ctx, 200, Map.of("id", id.toString(), "erased", erased.get().stream().map(UUID::toString).toList()));
            }
        });
    }

    private void link(RoutingContext ctx) {
        withId(ctx, "id", id -> {
            JsonObject body = body(ctx);
            if (body == null) {
                return;
            }
            String type = body.getValue("type") instanceof String s ? s : null;
            String value = body.getValue("value") instanceof String s ? s : null;
            if (type == null || type.isBlank() || value == null || value.isBlank()) {
                HttpErrors.send(ctx.response(), 400, "invalid_payload", "type and value are required strings",
                        type == null || type.isBlank() ? "type" : "value");
                return;
            }
            Optional<Identity> identity = operations.keys().canonical(new Identity(type, value));
            if (identity.isEmpty()) {
                HttpErrors.send(ctx.response(), 400, "invalid_payload",
                        "'" + type + "' is not a person identity type (or the value is not usable)", "type");
                return;
            }
            audit.record(Caller.of(ctx), "customer.identity.link", Optional.of(id), "type " + identity.get().type());
            Optional<UUID> merge = operations.link(id, identity.get(), Caller.of(ctx).actor());
            json(ctx, 200, Map.of("id", id.toString(), "identity", Map.of("type", identity.get().type(),
                    "value", identity.get().value()), "mergeId", merge.map(UUID::toString).orElse("")));
        });
    }

    private void vip(RoutingContext ctx) {
        withId(ctx, "id", id -> {
            JsonObject body = body(ctx);
            if (body == null) {
                return;
            }
            if (!(body.getValue("vip") instanceof Boolean vip)) {
                HttpErrors.send(ctx.response(), 400, "invalid_payload", "vip must be true or false", "vip");
                return;
            }
            audit.record(Caller.of(ctx), "customer.vip.set", Optional.of(id), "vip " + vip);
            if (!operations.setVip(id, vip)) {
                notFound(ctx, "no customer " + id);
            } else {
                json(ctx, 200, Map.of("id", id.toString(), "vip", vip));
            }
        });
    }

    private void merges(RoutingContext ctx) {
        withId(ctx, "id", id -> {
            audit.record(Caller.of(ctx), "customer.merges.read", Optional.of(id), null);
            json(ctx, 200, Map.of("merges", operations.merges(id)));
        });
    }

    private void undo(RoutingContext ctx) {
        withId(ctx, "mergeId", mergeId -> {
            audit.record(Caller.of(ctx), "customer.merge.undo", Optional.empty(), "merge " + mergeId);
            Optional<CustomerMerges.Undone> undone = operations.undoMerge(mergeId, Caller.of(ctx).actor());
            if (undone.isEmpty()) {
                notFound(ctx, "no merge " + mergeId);
            } else {
                json(ctx, 200, Map.of("mergeId", mergeId.toString(), "survivor", undone.get().survivor().toString(),
                        "restored", undone.get().restored().toString()));
            }
        });
    }

    private void proposals(RoutingContext ctx) {
        withId(ctx, "id", id -> {
            audit.record(Caller.of(ctx), "customer.merge-proposals.read", Optional.of(id), null);
            json(ctx, 200, Map.of("proposals", operations.mergeProposals(id)));
        });
    }

    private void decide(RoutingContext ctx, boolean confirm) {
        withId(ctx, "proposalId", proposal -> {
            String decision = confirm ? "confirmed" : "rejected";
            audit.record(Caller.of(ctx), confirm ? "customer.merge-proposal.confirm" : "customer.merge-proposal.reject",
                    Optional.empty(), "proposal " + proposal);
            if (!operations.decideProposal(proposal, confirm, Caller.of(ctx).actor())) {
                notFound(ctx, "no open merge proposal " + proposal);
            } else {
                json(ctx, 200, Map.of("id", proposal.toString(), "decision", decision));
            }
        });
    }

    private interface Action {
        void run() throws Exception;
    }

    private interface IdAction {
        void run(UUID id) throws Exception;
    }

    private void withId(RoutingContext ctx, String parameter, IdAction action) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam(parameter));
        } catch (IllegalArgumentException e) {
            HttpErrors.send(ctx.response(), 400, "invalid_id", parameter + " must be a UUID", parameter);
            return;
        }
        run(ctx, () -> action.run(id));
    }

    private void run(RoutingContext ctx, Action action) {
        try {
            action.run();
        } catch (CustomerOperations.ConflictException e) {
            HttpErrors.send(ctx.response(), 409, "conflict", e.getMessage(), null);
        } catch (Exception e) {
            LOG.errorf(e, "%s %s failed", ctx.request().method(), ctx.request().path());
            HttpErrors.unavailable(ctx.response(), 5, "the customer store is not available; retry later");
        }
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw new IllegalArgumentException("empty");
            }
            return body;
        } catch (RuntimeException e) {
            HttpErrors.send(ctx.response(), 400, "invalid_payload", "the body must be a JSON object", null);
            return null;
        }
    }

    private static void notFound(RoutingContext ctx, String message) {
        HttpErrors.send(ctx.response(), 404, "not_found", message, null);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.failure() != null) {
            LOG.errorf(ctx.failure(), "%s %s failed", ctx.request().method(), ctx.request().path());
        }
        HttpErrors.fromStatus(ctx.response(), status < 0 ? 500 : status);
    }
}
