package io.switchboard.security;

import io.switchboard.ingress.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The gate in front of every operator route: 401 without a known credential, 403 when the key's role
 * does not allow the endpoint, both as JSON errors; otherwise the {@link Caller} is attached to the
 * request for audit. A key comes as {@code Authorization: Bearer <key>}, or as the password of HTTP
 * Basic so a browser can open the dashboard (the user name is informational). A browser that opened the
 * dashboard keeps the key in an HttpOnly, SameSite=Strict cookie for the page's polls; the cookie counts
 * only for reads (GET, HEAD), so another site can never make a browser change state with it.
 */
@Singleton
public class OperatorAccess {

    /** Basic first and as a header of its own: browsers act only on a challenge they can parse. */
    static final java.util.List<String> CHALLENGES = java.util.List.of("Basic realm=\"switchboard\", charset=\"UTF-8\"",
            "Bearer realm=\"switchboard\"");

    static final String BROWSER_COOKIE = "switchboard_key";

    private final ApiKeys keys;

    @Inject
    public OperatorAccess(ApiKeys keys) {
        this.keys = keys;
    }

    /** A route handler that lets a request through only with a credential whose role allows {@code needed}. */
    public Handler<RoutingContext> require(Role needed) {
        return ctx -> {
            Optional<String> presented = presentedKey(ctx);
            if (presented.isEmpty()) {
                unauthorized(ctx, keys.anyConfigured()
                        ? "missing credential: send Authorization: Bearer <api key>"
                        : "no API keys are configured: set switchboard.security.keys.<name>.role and .hash (bin/new-api-key)");
                return;
            }
            Optional<Caller> caller = keys.identify(presented.get());
            if (caller.isEmpty()) {
                unauthorized(ctx, "the API key is not known");
                return;
            }
            if (!caller.get().role().allows(needed)) {
                HttpErrors.send(ctx.response(), 403, "forbidden", ctx.request().method() + " " + ctx.request().path()
                        + " needs the " + needed.wireName() + " role; key '" + caller.get().name() + "' has "
                        + caller.get().role().wireName(), null);
                return;
            }
            caller.get().attachTo(ctx);
            ctx.next();
        };
    }

    /**
     * Lets the browser that was just let through send the same key with the page's own requests (which
     * cannot carry an Authorization header the user typed into a sign-in prompt).
     */
    public static void rememberInBrowser(RoutingContext ctx) {
        presentedKey(ctx.request().getHeader("Authorization")).ifPresent(key -> ctx.response().addCookie(
                io.vertx.core.http.Cookie.cookie(BROWSER_COOKIE, key).setPath("/").setHttpOnly(true)
                        .setSameSite(io.vertx.core.http.CookieSameSite.STRICT)
                        .setSecure(ctx.request().isSSL()
                                || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto")))));
    }

    private static Optional<String> presentedKey(RoutingContext ctx) {
        Optional<String> header = presentedKey(ctx.request().getHeader("Authorization"));
        if (header.isPresent() || !(ctx.request().method() == io.vertx.core.http.HttpMethod.GET
                || ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD)) {
            return header;
        }
        return Optional.ofNullable(ctx.request().getCookie(BROWSER_COOKIE)).map(io.vertx.core.http.Cookie::getValue)
                .filter(k -> !k.isEmpty());
    }

    static Optional<String> presentedKey(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(value.substring(7).strip()).filter(k -> !k.isEmpty());
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? Optional.empty() : Optional.of(pair.substring(colon + 1)).filter(k -> !k.isEmpty());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static void unauthorized(RoutingContext ctx, String message) {
        if (!ctx.response().ended()) {
            CHALLENGES.forEach(challenge -> ctx.response().headers().add("WWW-Authenticate", challenge));
        }
        HttpErrors.send(ctx.response(), 401, "unauthorized", message, null);
    }
}
