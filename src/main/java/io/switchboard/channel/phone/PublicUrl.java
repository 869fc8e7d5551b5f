package io.switchboard.channel.phone;

import java.util.Optional;
import java.util.function.Function;

/**
 * The URL a webhook sender used to reach the gateway, which is what Twilio signs. Behind a
 * TLS-terminating proxy the gateway itself sees another scheme, host and perhaps path, so:
 * <ol>
 *   <li>a configured public URL (the webhook URL exactly as entered at Twilio, without query) wins,
 *       and the request's query string is appended to it;</li>
 *   <li>otherwise the URL is rebuilt from {@code X-Forwarded-Proto}, {@code X-Forwarded-Host},
 *       {@code X-Forwarded-Port} and {@code X-Forwarded-Uri} (first value of each list), falling back
 *       to the request's own scheme, {@code Host} header and URI.</li>
 * </ol>
 * Forwarded headers are trusted as the proxy wrote them; configure the public URL where the gateway
 * can be reached without a proxy that overwrites them.
 */
public final class PublicUrl {

    private PublicUrl() {
    }

    /**
     * @param configured the public URL setting, if any
     * @param scheme     the scheme the gateway saw ({@code http} / {@code https})
     * @param requestUri path and query as the gateway received them
     * @param headers    request header lookup (case-insensitive), null when absent
     */
    public static String of(Optional<String> configured, String scheme, String requestUri,
                            Function<String, String> headers) {
        int q = requestUri.indexOf('?');
        if (configured.isPresent() && !configured.get().isBlank()) {
            return configured.get().strip() + (q >= 0 ? requestUri.substring(q) : "");
        }
        String proto = first(headers.apply("X-Forwarded-Proto"));
        String host = first(headers.apply("X-Forwarded-Host"));
        String port = first(headers.apply("X-Forwarded-Port"));
        String uri = first(headers.apply("X-Forwarded-Uri"));
        if (host == null) {
            host = first(headers.apply("Host"));
        }
        if (host == null) {
            host = "localhost";
        }
        if (port != null && !hasPort(host)) {
            host = host + ":" + port;
        }
        return (proto == null ? scheme : proto) + "://" + host + (uri == null ? requestUri : uri);
    }

    private static boolean hasPort(String host) {
        int close = host.lastIndexOf(']');
        return host.indexOf(':', close + 1) >= 0;
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",", 2)[0].strip();
        return value.isEmpty() ? null : value;
    }
}
