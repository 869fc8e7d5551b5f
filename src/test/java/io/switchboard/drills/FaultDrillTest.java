package io.switchboard.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.ChatLoad;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.TopicReader;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Fault drills under load, end to end: signed chat webhooks from several threads while the broker is
 * killed (SIGKILL) and restarted, or PostgreSQL is killed (SIGKILL) and restarted on its data; then every
 * webhook answered 2xx must have exactly one ContactRecord on {@code switchboard.contacts} as a
 * {@code read_committed} reader sees it (and, after the database crash, its contact-history row),
 * every visitor exactly one customer, and
 * no 2xx may have been answered while the broker was dead. The numbers go to the log and to
 * {@code target/drills/<drill>.txt}.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class FaultDrillTest {

    private static final Logger LOG = Logger.getLogger(FaultDrillTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "switchboard.inbound.raw";
    private static final String CONTACTS = "switchboard.contacts";
    private static final int THREADS = 6;
    private static final int VISITORS = 20;
    private static final int ACCEPTED_PER_PHASE = 150;
    private static final Duration PHASE = Duration.ofSeconds(90);
    private static final Duration DRAIN = Duration.ofSeconds(180);

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void shouldLoseAndDuplicateNothingWhenTheBrokerIsKilledAndRestartedUnderLoad() throws Exception {
        String run = "broker-kill-" + UUID.randomUUID().toString().substring(0, 8);
        Instant dead;
        Instant restarting;
        Instant back;
        ChatLoad load = new ChatLoad(base(), run, THREADS, VISITORS);
        try {
            awaitAccepted(load, ACCEPTED_PER_PHASE);
            GatewayInfrastructure.killBroker();
            dead = Instant.now();
            Thread.sleep(10_000);
            restarting = Instant.now();
            GatewayInfrastructure.restartBroker();
            back = Instant.now();
            awaitAccepted(load, load.acceptedCount() + ACCEPTED_PER_PHASE);
        } finally {
            load.close();
        }
        // an ack that came just before the kill may be written to its caller a moment after it
        Instant surelyDead = dead.plusSeconds(1);
        List<ChatLoad.Outcome> acceptedWhileDead = load.outcomes(o -> o.accepted()
                && o.answeredAt().isAfter(surelyDead) && o.answeredAt().isBefore(restarting));
        long refusedWhileDead = load.outcomes(o -> o.status() == 503
                && o.answeredAt().isAfter(dead) && o.answeredAt().isBefore(back)).size();
        Verdict verdict = verify(run, load);
        report("broker-kill", load, verdict, "broker killed (SIGKILL) for 10 s, restarted in "
                + Duration.between(restarting, back).toMillis() + " ms; 503 answers while it was away: " + refusedWhileDead
                + "; 2xx answered while it was dead: " + acceptedWhileDead.size());

        assertThat(acceptedWhileDead).as("2xx answered while the broker was dead").isEmpty();
        assertThat(refusedWhileDead).as("callers were told to retry while the broker was away").isPositive();
        verdict.assertClean();
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheDatabaseIsKilledUnderLoad() throws Exception {
        String run = "db-kill-" + UUID.randomUUID().toString().substring(0, 8);
        Instant stopping;
        Instant back;
        ChatLoad load = new ChatLoad(base(), run, THREADS, VISITORS);
        try {
            awaitAccepted(load, ACCEPTED_PER_PHASE);
            stopping = Instant.now();
            GatewayInfrastructure.killPostgres(Duration.ofSeconds(5));
            back = Instant.now();
            awaitAccepted(load, load.acceptedCount() + ACCEPTED_PER_PHASE);
        } finally {
            load.close();
        }
        long acceptedWhileDown = load.outcomes(o -> o.accepted()
                && o.answeredAt().isAfter(stopping) && o.answeredAt().isBefore(back)).size();
        Verdict verdict = verify(run, load);
        ContextRows rows = contextRows(verdict);
        report("db-kill", load, verdict, "PostgreSQL SIGKILLed (postmaster and backends) and started again on its data in "
                + Duration.between(stopping, back).toMillis() + " ms; webhooks accepted meanwhile (intake needs only Kafka): "
                + acceptedWhileDown + "; contact-history rows: " + rows.found() + " of " + verdict.recordIds().size()
                + " records, missing " + rows.missing().size());

        assertThat(load.statusCounts()).as("answers by status").containsOnlyKeys(202);
        verdict.assertClean();
        assertThat(rows.missing()).as("ContactRecords whose customer-context row was lost with the crash").isEmpty();
        assertThat(rows.found()).as("contact-history rows, one per record").isEqualTo(verdict.recordIds().size());
    }

    private String base() {
        String url = gateway.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void awaitAccepted(ChatLoad load, long atLeast) {
        await().atMost(PHASE).pollInterval(Duration.ofMillis(200)).until(() -> load.acceptedCount() >= atLeast);
    }

    /** Reads every ContactRecord of the run once the pipeline has nothing left on the raw topic. */
    private static Verdict verify(String run, ChatLoad load) throws IOException {
        PipelineProgress.awaitDrained(RAW, DRAIN);
        Set<String> accepted = new HashSet<>();
        load.outcomes(ChatLoad.Outcome::accepted).forEach(o -> accepted.add(o.messageId()));
        Map<String, String> visitorOf = new HashMap<>();
        load.outcomes().forEach(o -> visitorOf.put(o.messageId(), o.visitor()));
        Map<String, Integer> recordsPerMessage = new HashMap<>();
        Set<String> recordIds = new HashSet<>();
        Map<String, Set<String>> customersPerVisitor = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.read(CONTACTS, TopicReader.valueContains("\"" + run + "-"),
                accepted.size(), Duration.ofSeconds(60))) {
            JsonNode record = JSON.readTree(r.value());
            String messageId = record.get("channelMessageId").asText();
            recordsPerMessage.merge(messageId, 1, Integer::sum);
            recordIds.add(record.get("id").asText());
            customersPerVisitor.computeIfAbsent(visitorOf.getOrDefault(messageId, "?"), v -> new HashSet<>())
                    .add(record.at("/customer/id").asText());
        }
        Set<String> lost = new HashSet<>(accepted);
        lost.removeAll(recordsPerMessage.keySet());
        Set<String> republished = new HashSet<>();
        recordsPerMessage.forEach((id, n) -> {
            if (n > 1) {
                republished.add(id);
            }
        });
        Set<String> storedThoughRefused = new HashSet<>(recordsPerMessage.keySet());
        storedThoughRefused.removeAll(accepted);
        Set<String> visitorsWithSeveralCustomers = new HashSet<>();
        customersPerVisitor.forEach((visitor, customers) -> {
            if (customers.size() > 1) {
                visitorsWithSeveralCustomers.add(visitor);
            }
        });
        return new Verdict(accepted.size(), recordsPerMessage.values().stream().mapToInt(Integer::intValue).sum(),
                lost, republished, storedThoughRefused, customersPerVisitor.size(), visitorsWithSeveralCustomers, recordIds);
    }

    private record ContextRows(int found, Set<String> missing) {}

    /** The database's side: each committed ContactRecord has its contact-history row, written in the same batch. */
    private static ContextRows contextRows(Verdict verdict) throws SQLException {
        Set<String> missing = new HashSet<>(verdict.recordIds());
        int found = 0;
        try (Connection c = DriverManager.getConnection(GatewayInfrastructure.postgresUrl());
                PreparedStatement s = c.prepareStatement("SELECT record_id FROM contact_history WHERE record_id = ANY (?::uuid[])")) {
            s.setArray(1, c.createArrayOf("text", verdict.recordIds().toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found++;
                    missing.remove(rs.getString(1));
                }
            }
        }
        return new ContextRows(found, missing);
    }

    private static void report(String drill, ChatLoad load, Verdict v, String fault) throws IOException {
        String text = """
                drill %s: %s
                answers by status (0 = connection failed): %s
                accepted (2xx): %d; ContactRecords: %d; lost (2xx without a record): %d; republished: %d
                stored although the caller was answered 503 (a channel's retry is deduplicated): %d
                visitors: %d; visitors with more than one customer: %d
                """.formatted(drill, fault, load.statusCounts(), v.accepted(), v.records(), v.lost().size(),
                v.republished().size(), v.storedThoughRefused().size(), v.visitors(), v.visitorsWithSeveralCustomers().size());
        LOG.info(text);
        Path out = Path.of("target", "drills", drill + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    private record Verdict(int accepted, int records, Set<String> lost, Set<String> republished,
            Set<String> storedThoughRefused, int visitors, Set<String> visitorsWithSeveralCustomers, Set<String> recordIds) {
        void assertClean() {
            assertThat(lost).as("accepted messages without a ContactRecord").isEmpty();
            assertThat(republished).as("messages with more than one committed ContactRecord").isEmpty();
            assertThat(visitorsWithSeveralCustomers).as("visitors resolved to more than one customer").isEmpty();
            assertThat(visitors).isEqualTo(VISITORS);
        }
    }
}
