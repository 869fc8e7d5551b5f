package io.switchboard.testing;

import io.switchboard.ingress.TimestampedSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Signed chat webhooks from several threads until stopped, each answer recorded with when it came:
 * the load side of the fault drills. Messages spread over {@code visitors} visitors (each with its own
 * e-mail), so the customer store sees the same people again and again.
 */
public final class ChatLoad implements AutoCloseable {

    /** One request: its message id, visitor, HTTP status (0 when the connection failed), when the answer came. */
    public record Outcome(String messageId, String visitor, int status, Instant answeredAt) {
        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final String baseUrl;
    private final String runId;
    private final int visitors;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    public ChatLoad(String baseUrl, String runId, int threads, int visitors) {
        this.baseUrl = baseUrl;
        this.runId = runId;
        this.visitors = visitors;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::sendUntilStopped, "chat-load-" + i);
            t.setDaemon(true);
            this.threads.add(t);
            t.start();
        }
    }

    public String visitorId(int n) {
        return runId + "-visitor-" + n;
    }

    private void sendUntilStopped() {
        while (running.get()) {
            long n = sequence.getAndIncrement();
            String messageId = runId + "-" + n;
            String visitor = visitorId((int) (n % visitors));
            String body = """
                    {"messageId":"%s","sessionId":"%s-session","visitor":{"id":"%s","name":"Drill","email":"%s@example.com"},\
                    "text":"My order SO-%d has not arrived yet","sentAt":"%s","locale":"en-GB"}"""
                    .formatted(messageId, visitor, visitor, visitor, n, Instant.now());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/chat"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .header(TimestampedSignature.HEADER, TimestampedSignature.headerFor(GatewayInfrastructure.CHAT_SECRET,
                            Instant.now().getEpochSecond(), bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
            int status;
            try {
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            outcomes.add(new Outcome(messageId, visitor, status, Instant.now()));
            if (status == 0 || status == 503) {
                pause(); // as a channel backs off; the gateway's Retry-After says seconds, the drill wants samples
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public List<Outcome> outcomes(Predicate<Outcome> filter) {
        return outcomes.stream().filter(filter).toList();
    }

    /** Answers by HTTP status (0 = connection failed). */
    public Map<Integer, Long> statusCounts() {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::status, java.util.TreeMap::new, Collectors.counting()));
    }

    public long acceptedCount() {
        return outcomes.stream().filter(Outcome::accepted).count();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30).toMillis());
        }
    }
}
