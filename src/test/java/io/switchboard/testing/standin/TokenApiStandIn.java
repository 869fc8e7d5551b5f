package io.switchboard.testing.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The access-token half the WeChat APIs share: tokens issued per app with {@code expires_in}, that really expire
 * on the stand-in's clock, or at once on {@link #expireTokens()}. An Official Account's new token retires its old one
 * (PROTOCOLS.md §7.1); WeCom hands out the same token until it expires ("有效期内重复获取返回相同结果").
 */
abstract class TokenApiStandIn extends StandInServer {

    private record Issued(String app, Instant expiresAt) {}

    protected final Clock clock;
    private final boolean reissueSameToken;
    private final String tokenPrefix;
    private final Map<String, Issued> byToken = new ConcurrentHashMap<>();
    private final Map<String, String> currentByApp = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile Duration lifetime = Duration.ofSeconds(7200);

    private final String tokenPath;
    private final String sendPath;

    TokenApiStandIn(String name, Clock clock, boolean reissueSameToken, String tokenPath, String sendPath) {
        super(name);
        this.tokenPath = tokenPath;
        this.sendPath = sendPath;
        this.clock = clock;
        this.reissueSameToken = reissueSameToken;
        this.tokenPrefix = name + "-token-";
    }

    /** The token endpoint's answer. */
    protected abstract Answer token(Request request);

    /** The send endpoint's answer. */
    protected abstract Answer send(Request request);

    @Override
    protected final Answer answer(Request request) {
        if (request.path().equals(tokenPath)) {
            return token(request);
        }
        return request.path().equals(sendPath) ? send(request)
                : Answer.json(404, "{\"errcode\":-1,\"errmsg\":\"not found\"}");
    }

    /** The {@code expires_in} of tokens issued from now on. */
    public void tokenLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** How many tokens were handed out (a repeated WeCom token counts once). */
    public int tokensIssued() {
        return issued.get();
    }

    /** Every token issued so far is expired from now on: the next send with one gets 42001. */
    public void expireTokens() {
        Instant now = clock.instant();
        byToken.replaceAll((token, issuedToken) -> new Issued(issuedToken.app(), now));
    }

    /** Issues (or, for WeCom, repeats) the app's token; {@code {"access_token", "expires_in"}}. */
    protected synchronized ObjectNode issue(String app) {
        Instant now = clock.instant();
        String current = currentByApp.get(app);
        Issued existing = current == null ? null : byToken.get(current);
        if (reissueSameToken && existing != null && now.isBefore(existing.expiresAt())) {
            return object().put("access_token", current)
                    .put("expires_in", Duration.between(now, existing.expiresAt()).toSeconds());
        }
        if (current != null) {
            byToken.remove(current); // the new token retires the old one
        }
        String token = tokenPrefix + issued.incrementAndGet();
        byToken.put(token, new Issued(app, now.plus(lifetime)));
        currentByApp.put(app, token);
        return object().put("access_token", token).put("expires_in", lifetime.toSeconds());
    }

    /**
     * What the API answers a send with this token: 41001 without one, {@code invalid} for one it never issued or
     * retired, 42001 for an expired one; null for a valid token.
     */
    protected Answer refusal(String token, Answer invalid) {
        if (token == null || token.isEmpty()) {
            return errcode(41001, "access_token missing");
        }
        Issued issuedToken = byToken.get(token);
        if (issuedToken == null) {
            return invalid;
        }
        return clock.instant().isBefore(issuedToken.expiresAt()) ? null : errcode(42001, "access_token expired");
    }

    /** The app a valid token was issued to. */
    protected String appOf(String token) {
        return byToken.get(token).app();
    }

    protected static Answer errcode(int code, String message) {
        return Answer.json(200, object().put("errcode", code).put("errmsg", message));
    }
}
