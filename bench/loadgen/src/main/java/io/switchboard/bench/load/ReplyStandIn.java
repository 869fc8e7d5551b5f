package io.switchboard.bench.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The chat backend's reply endpoint ({@code switchboard.chat.reply-url}) as the gateway's chat sender expects it:
 * 200 with {@code {"id": …}} for every POST. Notes, per reply of this run (by {@code replyId}), when it first
 * arrived, on the load client's clock, and counts resends.
 */
final class ReplyStandIn implements AutoCloseable {

    private static final byte[] REPLY_ID = QueueWatcher.fieldStart("replyId");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Arrivals arrivals;

    ReplyStandIn(int port, String runId, int capacity) throws IOException {
        this.arrivals = new Arrivals(runId, capacity);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            long now = System.nanoTime();
            String replyId = QueueWatcher.field(body, REPLY_ID);
            arrivals.note(replyId, now);
            byte[] answer = ("{\"id\":\"standin-" + replyId + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** When each reply first arrived; duplicates are resends. */
    Arrivals arrivals() {
        return arrivals;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
