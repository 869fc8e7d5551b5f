package io.switchboard.channel.wechat;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.ingress.DurableIntake;
import io.switchboard.ingress.HttpErrors;
import io.switchboard.ingress.InvalidPayloadException;
import io.switchboard.ingress.SignatureRejectedException;
import io.switchboard.ops.IngressMetrics;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code GET|POST /webhooks/wechat/{account}}: URL verification, and pushes answered {@code success} once
 * their verified plaintext XML is durable in Kafka. A delivery of a push this instance already stored
 * (same timestamp, nonce and message) is answered {@code success} without storing it again
 * ({@link WeChatReplayGuard}); one that reaches Kafka anyway (another instance, a late broker
 * acknowledgement) is keyed by its account-scoped {@link WeChatMessage#dedupeKey()}, so it collapses into
 * one record in the pipeline's de-duplication.
 */
@Singleton
public class WeChatWebhook {

    /** Raw-message attributes (Kafka headers {@code sb-attr-…}): which account, how it arrived. */
    public static final String ATTR_ACCOUNT = "wechat-account";
    public static final String ATTR_KIND = "wechat-kind";
    public static final String ATTR_MODE = "wechat-mode";
    public static final String ATTR_ENCRYPTED = "wechat-encrypted";

    public static final String CONTENT_TYPE = "application/xml; charset=utf-8";

    private static final Logger LOG = Logger.getLogger(WeChatWebhook.class);

    private final WeChatAccounts accounts;
    private final WeChatCallbackVerifier verifier;
    private final WeChatReplayGuard replays;
    private final DurableIntake intake;
    private final WeChatMetrics metrics;
    private final IngressMetrics ingress;
    private final int retryAfterSeconds;

    @Inject
    public WeChatWebhook(SwitchboardConfig config, WeChatAccounts accounts, DurableIntake intake,
                         WeChatMetrics metrics, IngressMetrics ingress) {
        this.accounts = accounts;
        Duration window = config.wechat().maxClockSkew();
        this.verifier = new WeChatCallbackVerifier(new WeChatXmlParser(config.wechat().maxBodyBytes(),
                WeChatXmlParser.DEFAULT_MAX_DEPTH), window, Clock.systemUTC());
        this.replays = new WeChatReplayGuard(window, config.wechat().replayCacheSize(), Clock.systemUTC());
        this.intake = intake;
        this.metrics = metrics;
        this.ingress = ingress;
        this.retryAfterSeconds = config.ingress().retryAfterSeconds();
        metrics.watch(replays);
    }

    public void verifyUrl(RoutingContext ctx) {
        WeChatAccount account = account(ctx);
        if (account == null) {
            return;
        }
        String echo;
        try {
            echo = verifier.verifyUrl(account, params(ctx));
        } catch (RuntimeException e) {
            refuse(ctx, account, e);
            return;
        }
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end(echo);
    }

    public void receive(RoutingContext ctx) {
        WeChatAccount account = account(ctx);
        if (account == null) {
            return;
        }
        Buffer buffer = ctx.body().buffer();
        WeChatCallbackVerifier.VerifiedPush push;
        try {
            push = verifier.verifyPush(account, params(ctx), buffer == null ? new byte[0] : buffer.getBytes());
        } catch (RuntimeException e) {
            refuse(ctx, account, e);
            return;
        }
        WeChatReplayGuard.Claim claim = replays.claim(push.id(), push.xml());
        switch (claim.verdict()) {
            case ALREADY_STORED -> {
                metrics.repeated(account.name());
                success(ctx);
            }
            case IN_FLIGHT -> {
                count(account.name(), "in-flight");
                HttpErrors.unavailable(ctx.response(), retryAfterSeconds, "the same push is being stored right now; retry later");
            }
            case OTHER_MESSAGE -> refuse(ctx, account, new WeChatPushRefusedException(
                    WeChatPushRefusedException.Reason.REPLAYED_SIGNATURE, "this timestamp and nonce were already "
                    + "used by another message: a signature can be used for one message only"));
            case NEW -> store(ctx, account, push, claim);
        }
    }

    private void store(RoutingContext ctx, WeChatAccount account, WeChatCallbackVerifier.VerifiedPush push,
                       WeChatReplayGuard.Claim claim) {
        WeChatMessage message = push.message();
        RawMessage raw = new RawMessage(Channel.WECHAT, account.name() + ":" + message.dedupeKey(), Instant.now(),
                CONTENT_TYPE, Map.of(
                        ATTR_ACCOUNT, account.name(),
                        ATTR_KIND, account.kind().wireName(),
                        ATTR_MODE, push.mode().wireName(),
                        ATTR_ENCRYPTED, Boolean.toString(push.mode().encrypted())),
                push.xml());
        intake.store(ctx, raw, stored -> {
            claim.stored();
            metrics.received(account.name(), message.msgType());
            success(stored);
        }, claim::failed);
    }

    /** The reply WeChat documents for "stored, nothing to say now": it neither retries nor shows an error. */
    private static void success(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/plain; charset=utf-8").end("success");
    }

    private WeChatAccount account(RoutingContext ctx) {
        String name = ctx.pathParam("account");
        WeChatAccount account = accounts.find(name).orElse(null);
        if (account == null) {
            ingress.rejected(Channel.WECHAT, "unknown-account");
            metrics.rejected(WeChatMetrics.UNKNOWN_ACCOUNT, "unknown-account");
            HttpErrors.send(ctx.response(), 404, "unknown_account",
                    "no WeChat account named '" + abbreviate(name) + "' is configured", "account");
        }
        return account;
    }

    private static WeChatCallbackVerifier.Params params(RoutingContext ctx) {
        MultiMap q = ctx.queryParams();
        return new WeChatCallbackVerifier.Params(q.get("signature"), q.get("msg_signature"), q.get("timestamp"),
                q.get("nonce"), q.get("echostr"), q.get("encrypt_type"));
    }

    private void refuse(RoutingContext ctx, WeChatAccount account, RuntimeException e) {
        String name = account.name();
        if (e instanceof WeChatPushRefusedException r) {
            count(name, r.reason().metricReason());
            HttpErrors.send(ctx.response(), r.reason().status(), r.reason().error(), e.getMessage(), r.reason().field());
        } else if (e instanceof SignatureRejectedException
                || e instanceof WeChatCryptoException c && c.reason() == WeChatCryptoException.Reason.SIGNATURE_MISMATCH) {
            count(name, "signature");
            HttpErrors.send(ctx.response(), 401, "unauthorized", e.getMessage(), null);
        } else if (e instanceof MalformedPayloadException m && m.reason() == MalformedPayloadException.Reason.TOO_LARGE) {
            count(name, "too-large");
            HttpErrors.send(ctx.response(), 413, "payload_too_large", e.getMessage(), null);
        } else if (e instanceof MalformedPayloadException m) {
            count(name, "payload");
            HttpErrors.send(ctx.response(), 400, "invalid_xml", e.getMessage(), null);
        } else if (e instanceof WeChatCryptoException) {
            count(name, "decrypt");
            HttpErrors.send(ctx.response(), 400, "undecryptable", e.getMessage(), "Encrypt");
        } else if (e instanceof InvalidPayloadException p) {
            count(name, "payload");
            HttpErrors.send(ctx.response(), 400, "invalid_payload", p.getMessage(), p.field());
        } else if (e instanceof IllegalStateException) { // the account's settings cannot serve this push
            LOG.errorf("WeChat account %s is misconfigured: %s", name, e.getMessage());
            count(name, "misconfigured");
            HttpErrors.send(ctx.response(), 500, "misconfigured", e.getMessage(), null);
        } else {
            LOG.errorf(e, "WeChat callback for account %s failed", name);
            count(name, "error");
            HttpErrors.send(ctx.response(), 500, "internal_error", "internal error", null);
        }
    }

    private void count(String account, String reason) {
        ingress.rejected(Channel.WECHAT, reason);
        metrics.rejected(account, reason);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
