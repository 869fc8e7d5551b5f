package io.switchboard.ingress;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The one JSON error shape every endpoint answers with: {@code {"error", "message", "field"?}}. */
public final class HttpErrors {

    private HttpErrors() {}

    public static void send(HttpServerResponse response, int status, String error, String message, String field) {
        if (response.ended() || response.closed()) {
            return;
        }
        JsonObject body = new JsonObject().put("error", error).put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    public static void unavailable(HttpServerResponse response, int retryAfterSeconds, String message) {
        if (!response.ended() && !response.closed()) {
            response.putHeader("Retry-After", Integer.toString(retryAfterSeconds));
        }
        send(response, 503, "unavailable", message, null);
    }

    /** Maps a status that Vert.x itself decided (body limit, unknown method) to the JSON error shape. */
    public static void fromStatus(HttpServerResponse response, int status) {
        switch (status) {
            // Vert.x answers 400 itself when a body it decodes (a form) is malformed, before any handler sees it
            case 400 -> send(response, 400, "invalid_payload", "the body cannot be decoded as its Content-Type says", null);
            case 413 -> send(response, 413, "payload_too_large", "request body exceeds the size limit", null);
            case 415 -> send(response, 415, "unsupported_media_type", "unsupported content type", null);
            case 405 -> send(response, 405, "method_not_allowed", "method not allowed", null);
            case 404 -> send(response, 404, "not_found", "no such endpoint", null);
            default -> send(response, status >= 400 ? status : 500, "error",
                    status >= 500 ? "internal error" : "request rejected", null);
        }
    }
}
