package io.switchboard.outbound;

import io.switchboard.config.SwitchboardConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * The HTTP client every HTTP channel API is called with (JDK {@link HttpClient}, HTTP/1.1): strict connect and
 * read timeouts, and the transport faults and answers all those APIs share turned into {@link SendOutcome}s.
 */
@Singleton
public class OutboundHttp {

    private static final int MAX_EXCERPT_CHARS = 300;

    private final HttpClient client;
    private final Duration readTimeout;
    private final Clock clock;

    @Inject
    public OutboundHttp(SwitchboardConfig config) {
        this(config.outbound().connectTimeout(), config.outbound().readTimeout(), Clock.systemUTC());
    }

    public OutboundHttp(Duration connectTimeout, Duration readTimeout, Clock clock) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(readTimeout);
    }

    /**
     * @throws OutcomeException when no HTTP answer came back (refused, timed out, cut off); it carries the retryable outcome
     */
    public HttpResponse<byte[]> exchange(HttpRequest request) throws OutcomeException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw noAnswer("no connection to " + hostOf(request) + " within the connect timeout",
                    "connect-timeout", false);
        } catch (HttpTimeoutException e) {
            throw noAnswer("no answer from " + hostOf(request) + " within " + readTimeout.toMillis() + " ms",
                    "timeout", true);
        } catch (ConnectException | UnknownHostException e) {
            throw noAnswer("cannot connect to " + hostOf(request) + ": " + e, "unreachable", false);
        } catch (IOException e) {
            throw noAnswer("connection to " + hostOf(request) + " failed: " + e, "io", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noAnswer("interrupted while waiting for " + hostOf(request), "interrupted", true);
        }
    }

    /** One attempt: the outcome {@code interpret} reads from the answer, or the retryable one of no answer. */
    public SendOutcome send(HttpRequest request, Function<HttpResponse<byte[]>, SendOutcome> interpret) {
        try {
            return interpret.apply(exchange(request));
        } catch (OutcomeException e) {
            return e.outcome();
        }
    }

    public static boolean success(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * A configured URL, checked: absolute {@code http} or {@code https}.
     *
     * @throws IllegalArgumentException naming the property
     */
    public static URI url(String property, String value) {
        try {
            URI uri = new URI(value.strip());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(value, "not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(property + " must be an http(s) URL: " + e.getMessage(), e);
        }
    }

    /** The start of an answer's body, for a reason a person reads; empty for an empty body. */
    public static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > MAX_EXCERPT_CHARS ? text.substring(0, MAX_EXCERPT_CHARS) + "…" : text);
    }

    /** Statuses worth another attempt: 408, 425, 429 and every 5xx. */
    public static boolean retryableStatus(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /**
     * The outcome of a {@link #retryableStatus retryable} answer. A 500, 502 or 504 may come after the server (or
     * the one behind a proxy) acted on the request; 408, 425, 429 and 503 say it did not.
     */
    public SendOutcome.Retryable retryable(HttpResponse<?> response, String reason) {
        return retryable(response, "http-" + response.statusCode(), reason);
    }

    /** {@link #retryable(HttpResponse, String)} with the channel's own code for it. */
    public SendOutcome.Retryable retryable(HttpResponse<?> response, String code, String reason) {
        int status = response.statusCode();
        boolean mayHaveActed = status == 500 || status == 502 || status == 504;
        return new SendOutcome.Retryable(reason, code, retryAfter(response), mayHaveActed);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); absent or unreadable: empty. */
    public Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(this::parseRetryAfter);
    }

    Optional<Duration> parseRetryAfter(String value) {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static OutcomeException noAnswer(String reason, String code, boolean mayHaveBeenSent) {
        return new OutcomeException(new SendOutcome.Retryable(reason, code, Optional.empty(), mayHaveBeenSent));
    }

    private static String hostOf(HttpRequest request) {
        return request.uri().getHost() + (request.uri().getPort() > 0 ? ":" + request.uri().getPort() : "");
    }
}
