package io.switchboard.ingress;

import io.switchboard.domain.Channel;
import io.switchboard.ops.IngressMetrics;
import io.vertx.core.http.HttpServerResponse;

/** How a webhook answers, and counts, a request it refuses before storing anything. */
public final class WebhookRefusals {

    private WebhookRefusals() {}

    /** 401: the channel's signature is missing or wrong. */
    public static void signature(HttpServerResponse response, IngressMetrics metrics, Channel channel,
            SignatureRejectedException e) {
        metrics.rejected(channel, "signature");
        HttpErrors.send(response, 401, "unauthorized", e.getMessage(), null);
    }

    /** 400 naming the field: the body is not what the channel's contract says. */
    public static void payload(HttpServerResponse response, IngressMetrics metrics, Channel channel,
            InvalidPayloadException e) {
        metrics.rejected(channel, "payload");
        HttpErrors.send(response, 400, "invalid_payload", e.getMessage(), e.field());
    }
}
