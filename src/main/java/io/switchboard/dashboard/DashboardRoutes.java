package io.switchboard.dashboard;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.deadletter.DeadLetterTopic;
import io.quarkus.vertx.http.ManagementInterface;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.security.OperatorAccess;
import io.switchboard.security.Role;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code GET /dashboard}: the floor's live page (one self-contained HTML file from the jar, polling);
 * {@code GET /dashboard/summary}: what it shows besides {@code GET /queues} — channel volumes over the
 * last hour and the dead-letter count. Each part fails on its own, so a broker outage still shows volumes.
 * Both on the operator port with the supervisor role; a browser signs in with HTTP Basic (user name: the
 * key's name, password: the key) and then sends the same credential with every poll.
 */
@Singleton
public class DashboardRoutes {

    private static final Logger LOG = Logger.getLogger(DashboardRoutes.class);
    private static final String PAGE = "dashboard/dashboard.html";

    private final ChannelVolumes volumes;
    private final DeadLetterTopic deadLetters;
    private final OperatorAccess access;
    private final String page;

    @Inject
    public DashboardRoutes(ChannelVolumes volumes, DeadLetterTopic deadLetters, OperatorAccess access,
            SwitchboardConfig config) {
        this.volumes = volumes;
        this.deadLetters = deadLetters;
        this.access = access;
        this.page = load().replace("{{refreshMillis}}", Long.toString(config.dashboard().refresh().toMillis()));
    }

    void register(@Observes ManagementInterface operatorPort) {
        Router router = operatorPort.router();
        router.get("/dashboard").handler(access.require(Role.SUPERVISOR)).handler(ctx -> {
            OperatorAccess.rememberInBrowser(ctx);
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                    .end(page);
        });
        router.get("/dashboard/summary").handler(access.require(Role.SUPERVISOR)).blockingHandler(this::summary, false);
    }

    private void summary(RoutingContext ctx) {
        Instant now = Instant.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", now.toString());
        body.put("bucketMinutes", ChannelVolumes.BUCKET.toMinutes());
        try {
            Map<String, Object> channels = new LinkedHashMap<>();
            volumes.lastHour(now).forEach((channel, buckets) -> channels.put(channel,
                    Map.of("total", Arrays.stream(buckets).sum(), "buckets", buckets)));
            body.put("channels", channels);
        } catch (RuntimeException e) {
            LOG.warnf("Dashboard: channel volumes unavailable: %s", e.getMessage());
            body.put("channels", null);
        }
        try {
            body.put("deadLetters", deadLetters.count());
        } catch (RuntimeException e) {
            LOG.warnf("Dashboard: dead-letter count unavailable: %s", e.getMessage());
            body.put("deadLetters", null);
        }
        if (body.get("channels") == null && body.get("deadLetters") == null) {
            HttpErrors.unavailable(ctx.response(), 5, "neither the database nor the broker answered");
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(Json.encode(body));
    }

    private static String load() {
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
