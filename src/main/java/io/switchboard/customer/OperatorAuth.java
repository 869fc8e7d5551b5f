package io.switchboard.customer;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.ingress.HttpErrors;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Operator endpoints take {@code Authorization: Bearer <switchboard.admin.api-key>}. Without a key
 * configured they are switched off (503 saying so), never open.
 */
@Singleton
public class OperatorAuth {

    private final Optional<byte[]> key;

    @Inject
    public OperatorAuth(SwitchboardConfig config) {
        this(config.admin().apiKey().filter(k -> !k.isBlank()));
    }

    public OperatorAuth(Optional<String> key) {
        this.key = key.map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    /** Route handler: passes the request on only with the right key; the operator name for audit is "operator". */
    public void require(RoutingContext ctx) {
        if (key.isEmpty()) {
            HttpErrors.send(ctx.response(), 503, "operator_api_disabled",
                    "operator endpoints are disabled: set switchboard.admin.api-key (SWITCHBOARD_ADMIN_API_KEY)", null);
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), key.get())) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            HttpErrors.send(ctx.response(), 401, "unauthorized",
                    presented == null ? "missing Authorization: Bearer <admin api key>" : "the admin api key does not match",
                    null);
            return;
        }
        ctx.next();
    }
}
