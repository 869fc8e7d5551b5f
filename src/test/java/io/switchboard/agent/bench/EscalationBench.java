package io.switchboard.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.agent.AgentFloorFixture;
import io.switchboard.agent.AgentLoop;
import io.switchboard.agent.AgentLoopSettings;
import io.switchboard.agent.LoopMetrics;
import io.switchboard.store.Database;
import io.switchboard.testing.GatewayInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;

/**
 * Escalation lateness under load (bench/escalation/README.md): N open conversations routed through
 * the real loop (routed events on Kafka, clocks in PostgreSQL), first-response deadlines spread over a
 * window, then every sla-breach read back by a plain consumer; lateness = time read − deadline.
 *
 * <p>usage: EscalationBench [conversations=10000] [spreadSeconds=60] [instances=1] [leadSeconds=90] [stop-one]
 * — with {@code stop-one}, the first of several instances is stopped halfway through the deadlines and
 * the others take its timers over.
 */
public final class EscalationBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int spreadSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int instances = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int leadSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 90;
        boolean stopOne = args.length > 4 && "stop-one".equals(args[4]);
        GatewayInfrastructure infrastructure = new GatewayInfrastructure();
        Map<String, String> config = infrastructure.start();
        List<AgentLoop> loops = new ArrayList<>();
        try (AgroalDataSource database = Database.pool(config.get("switchboard.db.url"), "postgres", null, 16)) {
            Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
            try (AgentFloorFixture floor = new AgentFloorFixture(GatewayInfrastructure.bootstrapServers(), database)) {
                floor.createTopics(List.of("general"));
                for (int i = 0; i < instances; i++) {
                    AgentLoop loop = new AgentLoop("bench-" + i, floor.kafkaSettings(), database, floor.topics(), JSON,
                            new LoopMetrics(new SimpleMeterRegistry()),
                            new AgentLoopSettings("escalation-bench", 500, 0.8, Duration.ZERO, 500, Duration.ofSeconds(1), 500));
                    loop.start();
                    loops.add(loop);
                }
                awaitAssigned(loops);
                run(floor, database, conversations, spreadSeconds, leadSeconds, loops, stopOne);
            }
        } finally {
            for (AgentLoop loop : loops) {
                loop.close();
            }
            infrastructure.stop();
        }
    }

    private static void run(AgentFloorFixture floor, AgroalDataSource database, int n, int spreadSeconds,
            int leadSeconds, List<AgentLoop> loops, boolean stopOne) throws Exception {
        int instances = loops.size();
        try (KafkaConsumer<String, byte[]> escalations = escalationReader(floor)) {
            Instant firstDeadline = Instant.now().plusSeconds(leadSeconds);
            List<AgentFloorFixture.Contact> contacts = new ArrayList<>(n);
            long openStarted = System.nanoTime();
            for (int i = 0; i < n; i++) {
                AgentFloorFixture.Contact c = floor.openConversation("general", "medium", null, Duration.ofHours(48),
                        null, List.of());
                Instant due = firstDeadline.plusNanos((long) i * spreadSeconds * 1_000_000_000L / n);
                contacts.add(new AgentFloorFixture.Contact(c.conversationId(), c.customerId(), c.recordId(), c.queue(),
                        c.priority(), c.receivedAt(), due, c.resolveBy(), null, List.of()));
            }
            System.out.printf("opened %,d conversations in %.1f s%n", n, seconds(openStarted));
            long routeStarted = System.nanoTime();
            for (int from = 0; from < n; from += 1000) {
                floor.routeAll(contacts.subList(from, Math.min(n, from + 1000)));
            }
            System.out.printf("published %,d records + routed events in %.1f s%n", n, seconds(routeStarted));
            while (clocks(database) < 2L * n) {
                Thread.sleep(200);
            }
            double applied = seconds(routeStarted);
            System.out.printf("loop applied %,d routed events (%,d clocks) in %.1f s = %,.0f events/s; first deadline in %.1f s%n",
                    n, 2L * n, applied, n / applied, Duration.between(Instant.now(), firstDeadline).toMillis() / 1000.0);

            long[] lateness = new long[n];
            long[] firedLate = new long[n];
            int breaches = 0;
            int warnings = 0;
            Set<String> eventIds = new HashSet<>();
            int duplicates = 0;
            Instant giveUp = firstDeadline.plusSeconds(spreadSeconds + 120L);
            Instant stopAt = stopOne && instances > 1 ? firstDeadline.plusSeconds(spreadSeconds / 2) : Instant.MAX;
            while (breaches < n && Instant.now().isBefore(giveUp)) {
                if (Instant.now().isAfter(stopAt)) {
                    stopAt = Instant.MAX;
                    stopInBackground(loops.get(0));
                }
                for (ConsumerRecord<String, byte[]> record : escalations.poll(Duration.ofMillis(100))) {
                    Instant seen = Instant.now();
                    JsonNode event = JSON.readTree(record.value());
                    if (!eventIds.add(event.get("eventId").asText())) {
                        duplicates++;
                        continue;
                    }
                    String type = event.get("type").asText();
                    if ("sla-warning".equals(type)) {
                        warnings++;
                    } else if ("sla-breach".equals(type)) {
                        Instant due = Instant.parse(event.get("dueAt").asText());
                        lateness[breaches] = Duration.between(due, seen).toMillis();
                        firedLate[breaches] = Duration.between(due, Instant.parse(event.get("at").asText())).toMillis();
                        breaches++;
                    }
                }
            }
            System.out.printf("instances=%d%s conversations=%,d spread=%ds: %,d warnings, %,d breaches, %d duplicate events%n",
                    instances, stopOne ? " (one stopped halfway)" : "", n, spreadSeconds, warnings, breaches, duplicates);
            print("deadline -> sla-breach read by a consumer", Arrays.copyOf(lateness, breaches));
            print("deadline -> sla-breach fired (its `at`)   ", Arrays.copyOf(firedLate, breaches));
        }
    }

    /** Stops an instance off the reading thread, so its shutdown time is not counted as lateness. */
    private static void stopInBackground(AgentLoop loop) {
        int owned = loop.ownedPartitions().size();
        Thread stopper = new Thread(() -> {
            long stopping = System.nanoTime();
            try {
                loop.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.printf("stopped instance 0 (owned %d partitions) halfway, in %.1f s%n", owned, seconds(stopping));
        });
        stopper.start();
    }

    private static void print(String label, long[] millis) {
        if (millis.length == 0) {
            System.out.println(label + ": none");
            return;
        }
        Arrays.sort(millis);
        System.out.printf("%s: p50 %d ms, p99 %d ms, max %d ms (n=%,d)%n", label, millis[millis.length / 2],
                millis[Math.min(millis.length - 1, (int) Math.ceil(millis.length * 0.99) - 1)], millis[millis.length - 1],
                millis.length);
    }

    private static KafkaConsumer<String, byte[]> escalationReader(AgentFloorFixture floor) {
        Map<String, Object> settings = floor.kafkaSettings();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // what agent tools see: the outbox relay's events once its transaction committed
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(floor.topics().escalations()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static long clocks(AgroalDataSource database) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM sla_clock")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitAssigned(List<AgentLoop> loops) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            int owned = loops.stream().mapToInt(l -> l.ownedPartitions().size()).sum();
            if (owned == 6 && loops.stream().noneMatch(l -> l.ownedPartitions().isEmpty())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the loops did not share the agent-events partitions within 60 s");
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
