package io.switchboard.security;

import io.quarkus.vertx.http.ManagementInterface;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.ingress.HttpErrors;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The split between the two ports. The webhook port ({@code quarkus.http.port}, open to the channels)
 * serves only {@code /webhooks/*} and {@code /q/health/*}; everything else lives on the operator port
 * ({@code switchboard.operator.port}, Quarkus's management interface), where {@code /q/metrics},
 * {@code /q/openapi} and {@code /q/swagger-ui} too need a credential. A request for anything else on the webhook port is told
 * where to go, so a client still pointed at the old single port gets an answer it can act on.
 */
@Singleton
public class OperatorPort {

    private final OperatorAccess access;
    private final int port;

    @Inject
    public OperatorPort(OperatorAccess access, SwitchboardConfig config) {
        this.access = access;
        this.port = config.operator().port();
    }

    void guardQuarkusEndpoints(@Observes ManagementInterface operatorPort) {
        operatorPort.router().route("/q/metrics*").order(-100).handler(access.require(Role.METRICS));
        // the API description is no secret, but it maps the whole operator surface: any client's key
        operatorPort.router().route("/q/openapi*").order(-100).handler(access.require(Role.AGENT));
        operatorPort.router().route("/q/swagger-ui*").order(-100).handler(access.require(Role.AGENT));
    }

    void pointElsewhere(@Observes Router webhookPort) {
        webhookPort.route().last().handler(ctx -> {
            String path = ctx.normalizedPath();
            if (path.startsWith("/webhooks/") || path.startsWith("/q/health")) {
                ctx.next(); // Vert.x's own 404 / 405 for these
                return;
            }
            HttpErrors.send(ctx.response(), 404, "not_found", "no such endpoint on the webhook port; the operator API,"
                    + " replies, the dashboard and /q/metrics are on the operator port (switchboard.operator.port, "
                    + port + ")", null);
        });
    }
}
