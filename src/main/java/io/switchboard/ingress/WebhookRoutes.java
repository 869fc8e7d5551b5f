package io.switchboard.ingress;

import io.switchboard.channel.chat.ChatWebhook;
import io.switchboard.channel.phone.PhoneWebhook;
import io.switchboard.channel.phone.SmsStatusWebhook;
import io.switchboard.channel.wechat.WeChatWebhook;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.ops.IngressMetrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Webhook endpoints on Vert.x routes, handled on the event loop: HTTP intake must never block a
 * thread while the broker acknowledges (see bench/README.md for what blocking dispatch costs here).
 * Only SMS delivery statuses, which update a reply in the database, run on worker threads.
 * The body limit is enforced while the body is read, before anything parses it.
 */
@Singleton
public class WebhookRoutes {

    private final ChatWebhook chat;
    private final WeChatWebhook wechat;
    private final PhoneWebhook phone;
    private final SmsStatusWebhook smsStatus;
    private final IngressMetrics metrics;
    private final int maxBodyBytes;
    private final int wechatMaxBodyBytes;

    @Inject
    public WebhookRoutes(ChatWebhook chat, WeChatWebhook wechat, PhoneWebhook phone, SmsStatusWebhook smsStatus,
            IngressMetrics metrics, SwitchboardConfig config) {
        this.chat = chat;
        this.wechat = wechat;
        this.phone = phone;
        this.smsStatus = smsStatus;
        this.metrics = metrics;
        this.maxBodyBytes = config.ingress().maxBodyBytes();
        this.wechatMaxBodyBytes = config.wechat().maxBodyBytes();
    }

    void register(@Observes Router router) {
        router.post("/webhooks/chat")
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(ctx -> requireMediaType(ctx, Channel.CHAT, "application/json"))
                .handler(chat::handle)
                .failureHandler(ctx -> failed(ctx, Channel.CHAT, maxBodyBytes));
        router.get("/webhooks/wechat/:account")
                .handler(wechat::verifyUrl)
                .failureHandler(ctx -> failed(ctx, Channel.WECHAT, wechatMaxBodyBytes));
        router.post("/webhooks/wechat/:account")
                .handler(BodyHandler.create(false).setBodyLimit(wechatMaxBodyBytes))
                .handler(wechat::receive)
                .failureHandler(ctx -> failed(ctx, Channel.WECHAT, wechatMaxBodyBytes));
        // JSON call events and Twilio forms share the path: PhoneWebhook checks the media type per sender
        router.post("/webhooks/phone")
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(phone::handle)
                .failureHandler(ctx -> failed(ctx, Channel.PHONE, maxBodyBytes));
        // a status moves a reply's row in the database: waited for on a worker thread, never on the event loop
        router.post("/webhooks/phone/sms-status")
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .blockingHandler(smsStatus::handle, false)
                .failureHandler(ctx -> failed(ctx, Channel.PHONE, maxBodyBytes));
    }

    private void requireMediaType(RoutingContext ctx, Channel channel, String mediaType) {
        String contentType = ctx.request().getHeader("Content-Type");
        String base = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean utf8 = contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("charset=")
                || contentType.toLowerCase(Locale.ROOT).replace(" ", "").contains("charset=utf-8");
        if (!base.equals(mediaType) || !utf8) {
            metrics.rejected(channel, "media-type");
            HttpErrors.send(ctx.response(), 415, "unsupported_media_type",
                    "Content-Type must be " + mediaType + " (UTF-8), got '" + (contentType == null ? "" : contentType) + "'",
                    null);
            return;
        }
        ctx.next();
    }

    private void failed(RoutingContext ctx, Channel channel, int limit) {
        int status = ctx.statusCode();
        if (status == 413) {
            metrics.rejected(channel, "too-large");
            HttpErrors.send(ctx.response(), 413, "payload_too_large",
                    "request body exceeds " + limit + " bytes", null);
            return;
        }
        HttpErrors.fromStatus(ctx.response(), status < 0 ? 500 : status);
    }
}
