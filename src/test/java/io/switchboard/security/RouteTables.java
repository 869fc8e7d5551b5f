package io.switchboard.security;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Keeps the gateway's two routers so a test can walk every route they hold. */
@Singleton
public class RouteTables {

    private volatile Router webhookPort;
    private volatile Router operatorPort;

    void webhook(@Observes Router router) {
        webhookPort = router;
    }

    void operator(@Observes ManagementInterface managementInterface) {
        operatorPort = managementInterface.router();
    }

    public Router webhookPort() {
        return webhookPort;
    }

    public Router operatorPort() {
        return operatorPort;
    }
}
