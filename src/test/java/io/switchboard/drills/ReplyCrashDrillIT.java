package io.switchboard.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.switchboard.testing.ChatRequests;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.GatewayProcess;
import io.switchboard.testing.Replies;
import io.switchboard.testing.TopicReader;
import io.switchboard.testing.standin.ChatReplyStandIn;
import io.switchboard.testing.standin.StandInServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash drills of the outbound side, against the packaged gateway as a child process on a real broker and
 * PostgreSQL, answering chats through a chat-backend stand-in that records every request and its
 * {@code Idempotency-Key} and can be slowed. The gateway is SIGKILLed while replies are being accepted and sent
 * (one request held at the backend, a claimed batch not yet attempted, commands not yet read from Kafka) and started
 * again; later the broker is SIGKILLed while replies are being sent. Either way every accepted reply must end
 * {@code sent}, reach the backend at least once, and reach it more than once only with the same
 * {@code Idempotency-Key} (so the backend keeps one delivery), and its status must be published. The numbers go to
 * the log and to {@code target/drills/reply-*.txt}.
 */
class ReplyCrashDrillIT {

    private static final Logger LOG = Logger.getLogger(ReplyCrashDrillIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CONVERSATIONS = 10;
    private static final int REPLIES = 200;
    /** The backend is slow for the first requests, then holds one past the gateway's read timeout: killed there. */
    private static final int SLOW_REQUESTS = 40;
    private static final Duration SLOW = Duration.ofMillis(100);
    private static final Duration HELD = Duration.ofSeconds(20);

    private static GatewayInfrastructure infrastructure;
    private static Map<String, String> settings;
    private static ChatReplyStandIn backend;
    private static Path workingDirectory;
    private static int httpPort;
    private static GatewayProcess gateway;
    private static int starts;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        infrastructure = new GatewayInfrastructure();
        settings = new HashMap<>(infrastructure.start());
        backend = new ChatReplyStandIn(GatewayInfrastructure.CHAT_SECRET).start();
        workingDirectory = Files.createTempDirectory(Path.of("target"), "reply-drill-").toAbsolutePath();
        httpPort = GatewayInfrastructure.freePort();
        settings.put("quarkus.http.port", Integer.toString(httpPort));
        settings.put("switchboard.chat.reply-url", backend.replyUrl());
        settings.put("switchboard.outbound.dispatch-interval", "PT0.2S");
        // a claim outlives one attempt (connect + read timeout), and a dead claimer's expires within the drill
        settings.put("switchboard.outbound.connect-timeout", "PT1S");
        settings.put("switchboard.outbound.read-timeout", "PT2S");
        settings.put("switchboard.outbound.lease", "PT5S");
        // the killed gateway stays a member of the outbound-intake consumer group until its session expires
        // (camel-kafka's default: 45 s); only then does the restarted one get the commands it had not read
        settings.put("camel.component.kafka.session-timeout-ms", "10000");
        settings.put("switchboard.outbound.retry.initial-backoff", "PT0.1S");
        settings.put("switchboard.outbound.retry.max-backoff", "PT0.5S");
        RestAssured.port = httpPort;
        startGateway();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RestAssured.reset();
        if (gateway != null) {
            gateway.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (infrastructure != null) {
            infrastructure.stop();
        }
    }

    @Test
    void shouldSendEveryAcceptedReplyAfterTheGatewayIsKilledMidDispatch() throws Exception {
        String run = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = conversations(run);
        List<StandInServer.Fault> faults = new ArrayList<>(Collections.nCopies(SLOW_REQUESTS,
                new StandInServer.Fault.Hang(SLOW)));
        faults.add(new StandInServer.Fault.Hang(HELD));
        backend.clearRequests(); // faults another drill left unused would shift the held request
        backend.failNext(ChatReplyStandIn.PATH, faults.toArray(StandInServer.Fault[]::new));

        Instant start = Instant.now();
        Agents agents = Agents.post(run, conversations, REPLIES);
        await().atMost(WAIT).until(() -> requestsOf(run) > SLOW_REQUESTS);
        gateway.kill();
        Instant killed = Instant.now();
        Set<String> accepted = agents.accepted();
        Map<String, String> atKill = statuses(run);
        int sentAtKill = (int) atKill.values().stream().filter("sent"::equals).count();
        int requestsAtKill = requestsOf(run);

        startGateway();
        Instant restarted = Instant.now();
        awaitSent(run, accepted);
        Instant done = Instant.now();

        Verdict verdict = verdict(run, accepted);
        report("reply-gateway-kill", verdict, """
                gateway SIGKILLed %d ms after the first reply was posted, with %d requests at the backend \
                (%d replies sent, %d rows in the database, %d of %d answered 202); restarted and ready in %d ms; \
                all sent %d ms after the restart; answers by status (0 = connection cut by the kill): %s"""
                .formatted(Duration.between(start, killed).toMillis(), requestsAtKill, sentAtKill, atKill.size(),
                        accepted.size(), REPLIES, Duration.between(killed, restarted).toMillis(),
                        Duration.between(restarted, done).toMillis(), agents.answersByStatus()));

        assertThat(accepted).as("replies accepted before the kill").isNotEmpty();
        assertThat(sentAtKill).as("the kill came before everything was sent").isLessThan(accepted.size());
        verdict.assertClean();
        assertThat(verdict.resent()).as("the reply held at the backend when the gateway died went out again")
                .isNotEmpty();
    }

    @Test
    void shouldSendEveryAcceptedReplyOnceWhenTheBrokerIsKilledMidDispatch() throws Exception {
        String run = "broker-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = conversations(run);
        int replies = 100;
        backend.clearRequests();
        backend.failNext(ChatReplyStandIn.PATH, Collections.nCopies(replies, new StandInServer.Fault.Hang(SLOW))
                .toArray(StandInServer.Fault[]::new));
        Agents agents = Agents.post(run, conversations, replies);
        await().atMost(WAIT).until(() -> requestsOf(run) >= replies / 5);
        GatewayInfrastructure.killBroker();
        Instant killed = Instant.now();
        int requestsAtKill = requestsOf(run);
        Thread.sleep(5_000);
        GatewayInfrastructure.restartBroker();
        Instant back = Instant.now();
        int requestsWhileDown = requestsOf(run) - requestsAtKill;
        Set<String> accepted = agents.accepted();
        awaitSent(run, accepted);

        Verdict verdict = verdict(run, accepted);
        report("reply-broker-kill", verdict, """
                broker SIGKILLed with %d replies at the backend, down 5 s, back in %d ms; backend requests while \
                it was down or restarting: %d; answers by status (503: posted while it was away): %s"""
                .formatted(requestsAtKill, Duration.between(killed, back).toMillis() - 5_000, requestsWhileDown,
                        agents.answersByStatus()));

        assertThat(requestsAtKill).as("the broker died while replies were being sent").isLessThan(accepted.size());
        verdict.assertClean();
        assertThat(verdict.resent()).as("a broker outage alone sends nothing twice").isEmpty();
    }

    /** Agents posting replies from four threads, each to one of the conversations in turn. */
    private record Agents(String run, List<Future<Integer>> answers, ExecutorService threads) {

        static Agents post(String run, List<String> conversations, int replies) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < replies; i++) {
                String conversation = conversations.get(i % conversations.size());
                String replyId = run + "-" + i;
                answers.add(threads.submit(() -> Replies.post(conversation, replyId, "回复 " + replyId).statusCode()));
            }
            threads.shutdown();
            return new Agents(run, answers, threads);
        }

        /** The replies answered 202, once every post has its answer. */
        Set<String> accepted() throws Exception {
            Set<String> accepted = new HashSet<>();
            for (int i = 0; i < answers.size(); i++) {
                if (answer(i) == 202) {
                    accepted.add(run + "-" + i);
                }
            }
            return accepted;
        }

        Map<Integer, Integer> answersByStatus() throws Exception {
            Map<Integer, Integer> counts = new HashMap<>();
            for (int i = 0; i < answers.size(); i++) {
                counts.merge(answer(i), 1, Integer::sum);
            }
            return counts;
        }

        /** The HTTP status; 0 when the connection was cut (the gateway killed while it answered). */
        private int answer(int i) throws Exception {
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).as("every post answered").isTrue();
            try {
                return answers.get(i).get();
            } catch (ExecutionException cutByTheKill) {
                return 0;
            }
        }
    }

    private static void startGateway() throws Exception {
        List<String> options = new ArrayList<>();
        settings.forEach((name, value) -> options.add("-D" + name + "=" + value));
        Path log = workingDirectory.resolve("gateway-" + (++starts) + ".log");
        gateway = GatewayProcess.start(workingDirectory, options, log);
        gateway.awaitReady(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), READY_WITHIN);
    }

    /** Chats from new visitors, each its own conversation, once the gateway can answer them. */
    private static List<String> conversations(String run) throws Exception {
        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            String messageId = run + "-chat-" + i;
            ChatRequests.post(ChatRequests.fromNewVisitor(messageId, "我的订单还没到")).then().statusCode(202);
            messageIds.add(messageId);
        }
        List<String> conversations = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read("switchboard.contacts",
                TopicReader.valueContains("\"" + run + "-chat-"), CONVERSATIONS, WAIT)) {
            conversations.add(JSON.readTree(record.value()).get("conversationId").asText());
        }
        assertThat(conversations).hasSize(CONVERSATIONS);
        conversations.forEach(id -> Replies.awaitReplyable(id, WAIT));
        return conversations;
    }

    private static void awaitSent(String run, Set<String> accepted) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, String> statuses = statuses(run);
            return accepted.stream().allMatch(id -> "sent".equals(statuses.get(id)));
        });
    }

    private static int requestsOf(String run) {
        return (int) backend.requests(ChatReplyStandIn.PATH).stream()
                .filter(r -> r.json().path("replyId").asText("").startsWith(run + "-")).count();
    }

    /** reply id → status, as the database has them. */
    private static Map<String, String> statuses(String run) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        try (Connection c = DriverManager.getConnection(GatewayInfrastructure.postgresUrl());
                PreparedStatement s = c.prepareStatement("SELECT reply_id, status FROM reply WHERE reply_id LIKE ?")) {
            s.setString(1, run + "-%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return statuses;
    }

    private static Verdict verdict(String run, Set<String> accepted) throws Exception {
        Map<String, List<String>> keysByReply = new HashMap<>();
        for (StandInServer.Request request : backend.requests(ChatReplyStandIn.PATH)) {
            String replyId = request.json().path("replyId").asText("");
            if (replyId.startsWith(run + "-")) {
                keysByReply.computeIfAbsent(replyId, k -> new ArrayList<>()).add(request.header("Idempotency-Key"));
            }
        }
        Set<String> lost = new HashSet<>(accepted);
        lost.removeAll(keysByReply.keySet());
        Set<String> resent = new HashSet<>();
        Set<String> resentWithAnotherKey = new HashSet<>();
        keysByReply.forEach((replyId, keys) -> {
            if (keys.size() > 1) {
                resent.add(replyId);
            }
            if (keys.stream().anyMatch(key -> !replyId.equals(key))) {
                resentWithAnotherKey.add(replyId);
            }
        });
        Set<String> delivered = new HashSet<>(backend.deliveries().keySet());
        delivered.retainAll(accepted);
        Map<String, String> statuses = statuses(run);
        Set<String> notSent = new HashSet<>(accepted);
        notSent.removeIf(id -> "sent".equals(statuses.get(id)));
        Set<String> published = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read("switchboard.outbound.status",
                r -> r.key() != null && r.key().startsWith(run + "-") && new String(r.value()).contains("\"sent\""),
                accepted.size(), WAIT)) {
            published.add(record.key());
        }
        Set<String> unpublished = new HashSet<>(accepted);
        unpublished.removeAll(published);
        Set<String> flagged = new HashSet<>();
        try (Connection c = DriverManager.getConnection(GatewayInfrastructure.postgresUrl());
                PreparedStatement s = c.prepareStatement(
                        "SELECT reply_id FROM reply WHERE reply_id LIKE ? AND possible_duplicate")) {
            s.setString(1, run + "-%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    flagged.add(rs.getString(1));
                }
            }
        }
        return new Verdict(accepted.size(), keysByReply.values().stream().mapToInt(List::size).sum(), lost, resent,
                resentWithAnotherKey, delivered.size(), notSent, unpublished, flagged);
    }

    private record Verdict(int accepted, int requests, Set<String> lost, Set<String> resent,
            Set<String> resentWithAnotherKey, int deliveries, Set<String> notSent, Set<String> unpublished,
            Set<String> flagged) {

        void assertClean() {
            assertThat(lost).as("accepted replies that never reached the backend").isEmpty();
            assertThat(resentWithAnotherKey).as("replies sent with an Idempotency-Key other than their id").isEmpty();
            assertThat(deliveries).as("deliveries the backend kept, one per accepted reply").isEqualTo(accepted);
            assertThat(notSent).as("accepted replies whose status is not sent").isEmpty();
            assertThat(unpublished).as("accepted replies without a sent status on outbound.status").isEmpty();
            // chat recognises resends by their Idempotency-Key: a resend there is no possible duplicate
            assertThat(flagged).as("chat replies flagged as possible duplicates").isEmpty();
        }
    }

    private static void report(String drill, Verdict v, String fault) throws Exception {
        String text = """
                drill %s: %s
                accepted (202): %d; requests at the backend: %d; deliveries it kept: %d; lost: %d
                sent more than once (same Idempotency-Key, dropped by the backend): %d %s
                not sent at the end: %d; without a published sent status: %d; flagged possibleDuplicate: %d
                """.formatted(drill, fault, v.accepted(), v.requests(), v.deliveries(), v.lost().size(),
                v.resent().size(), v.resent(), v.notSent().size(), v.unpublished().size(), v.flagged().size());
        LOG.info(text);
        Path out = Path.of("target", "drills", drill + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }
}
