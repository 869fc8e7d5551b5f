package io.switchboard.testing.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * A local stand-in for a channel API that this machine cannot reach: the JDK's HTTP server on a free port of
 * 127.0.0.1, answering as the API documents. Every request is recorded as it arrived, so tests can assert the exact
 * format the gateway sent; faults can be queued per path (an answer, a hang, a dropped connection) to play what
 * the real API does on a bad day. Works from plain code ({@code new …().start()}, {@link #close()}) and from
 * {@link StandIns} as a Quarkus test resource.
 */
public abstract class StandInServer implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the stand-in received it. */
    public record Request(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
            byte[] body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String queryParam(String name) {
            List<String> values = query.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON; a {@code MissingNode} when it is not JSON. */
        public JsonNode json() {
            try {
                JsonNode node = JSON.readTree(body);
                return node == null ? JSON.missingNode() : node;
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        /** The body as {@code application/x-www-form-urlencoded}, first value of each field. */
        public Map<String, String> form() {
            Map<String, String> fields = new LinkedHashMap<>();
            decode(text()).forEach((name, values) -> fields.put(name, values.get(0)));
            return fields;
        }
    }

    /** What a stand-in answers. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public static Answer json(int status, JsonNode body) {
            try {
                return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"),
                        JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"),
                    body.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer status(int status) {
            return new Answer(status, Map.of(), new byte[0]);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Answer(status, all, body);
        }
    }

    /** Something other than the API's normal answer, queued for the next request to a path. */
    public sealed interface Fault {
        /** Answer this instead. */
        record Respond(Answer answer) implements Fault {}

        /** Wait this long, then answer normally (a slow API that still acts on the request). */
        record Hang(Duration delay) implements Fault {}

        /** Close the connection without any answer. */
        record Drop() implements Fault {}
    }

    private final String name;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<Fault>> faults = new ConcurrentHashMap<>();
    private HttpServer server;
    private ExecutorService executor;

    protected StandInServer(String name) {
        this.name = name;
    }

    /** Binds a free port of 127.0.0.1; returns this. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends StandInServer> T start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the " + name + " stand-in", e);
            }
            executor = Executors.newCachedThreadPool(daemonThreads(name));
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
        }
        return (T) this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow(); // ends hangs in progress
            server = null;
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Forgets what was received and queued, keeping the API's state (accounts, tokens, recipients). */
    public void clearRequests() {
        requests.clear();
        faults.clear();
    }

    /** The next requests to {@code path} meet these faults, one each, in order. */
    public void failNext(String path, Fault... next) {
        Queue<Fault> queue = faults.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>());
        for (Fault fault : next) {
            queue.add(Objects.requireNonNull(fault));
        }
    }

    public void answerNext(String path, Answer answer) {
        failNext(path, new Fault.Respond(answer));
    }

    public void hangNext(String path, Duration delay) {
        failNext(path, new Fault.Hang(delay));
    }

    public void dropNext(String path) {
        failNext(path, new Fault.Drop());
    }

    /** The API's own answer to a request. */
    protected abstract Answer answer(Request request);

    private void handle(HttpExchange exchange) {
        try {
            Request request = read(exchange);
            requests.add(request);
            Queue<Fault> queue = faults.get(request.path());
            Fault fault = queue == null ? null : queue.poll();
            if (fault instanceof Fault.Drop) {
                return; // closing the exchange without a response cuts the connection
            }
            if (fault instanceof Fault.Hang hang) {
                try {
                    Thread.sleep(hang.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            write(exchange, fault instanceof Fault.Respond respond ? respond.answer() : answer(request));
        } catch (IOException e) {
            // the client gave up (it timed out): nothing to answer
        } finally {
            exchange.close();
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        URI uri = exchange.getRequestURI();
        return new Request(exchange.getRequestMethod(), uri.getPath(),
                decode(uri.getRawQuery() == null ? "" : uri.getRawQuery()), headers, body);
    }

    private static void write(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    protected static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static ThreadFactory daemonThreads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-stand-in");
            thread.setDaemon(true);
            return thread;
        };
    }
}
