package io.switchboard.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.testing.ChatLoad;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.GatewayProcess;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A packaged gateway is SIGKILLed under load while its pipeline has a Kafka transaction open, and a
 * second one with the same {@code switchboard.pipeline.transactional-id} starts in its place, as a
 * StatefulSet replaces a crashed pod. Until that transaction ends, every {@code read_committed} reader
 * of the partitions it wrote to (contacts, agent queues) stops at its first record. The broker's
 * transaction timeout is set to 5 minutes, so within this drill nothing but the successor's
 * {@code initTransactions} can end it: the readers must go on, the held partitions' records committed
 * after the kill must reach a {@code read_committed} consumer, and every accepted message must end as
 * exactly one ContactRecord on contacts and one on the agent queues. The figures go to the log and to
 * {@code target/drills/pipeline-takeover.txt}, the gateways' logs stay in {@code target/takeover-drill-*}.
 */
class PipelineTakeoverDrillIT {

    private static final Logger LOG = Logger.getLogger(PipelineTakeoverDrillIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "switchboard.inbound.raw";
    private static final String CONTACTS = "switchboard.contacts";
    private static final String QUEUE_PREFIX = "switchboard.queue.";
    private static final String TRANSACTIONAL_ID_PREFIX = "takeover-drill";
    /** One pipeline worker: one transactional id to catch open. */
    private static final String TRANSACTIONAL_ID = "switchboard-pipeline-" + TRANSACTIONAL_ID_PREFIX + "-0";
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(5);
    /** Leaves the broker's timeout out of the picture: whatever releases the readers before this, it is not the timeout. */
    private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(30);
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final int LOAD_THREADS = 4;
    private static final int VISITORS = 20;
    private static final int ACCEPTED_PER_PHASE = 150;

    private final GatewayInfrastructure infrastructure = new GatewayInfrastructure();
    private final List<GatewayProcess> gateways = new ArrayList<>();
    private Map<String, String> infrastructureConfig;
    private Path workingDirectory;
    private Admin admin;

    @BeforeEach
    void startInfrastructure() throws IOException {
        infrastructureConfig = infrastructure.start();
        workingDirectory = Files.createTempDirectory(Path.of("target"), "takeover-drill-").toAbsolutePath();
        admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, GatewayInfrastructure.bootstrapServers()));
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (GatewayProcess gateway : gateways) {
            gateway.close();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        infrastructure.stop();
    }

    @Test
    void shouldLetReadersPastACrashedGatewaysOpenTransactionAsSoonAsItsSuccessorStarts() throws Exception {
        String run = "takeover-" + UUID.randomUUID().toString().substring(0, 8);
        int httpPort = freePort();
        URI base = URI.create("http://127.0.0.1:" + httpPort);
        List<ChatLoad.Outcome> outcomes = new ArrayList<>();

        GatewayProcess crashed = startGateway("crashed", httpPort, base);
        OpenTransaction open;
        Instant killed;
        try (ChatLoad load = new ChatLoad(base.toString(), run, LOAD_THREADS, VISITORS)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> load.acceptedCount() >= ACCEPTED_PER_PHASE);
            open = freezeWithTransactionOpen(crashed);
            crashed.kill();
            killed = Instant.now();
            load.close();
            outcomes.addAll(load.outcomes());
        }
        assertThat(describe().state()).as("the crashed gateway's transaction after the kill").isEqualTo(TransactionState.ONGOING);

        GatewayProcess successor = startGatewayProcess("successor", httpPort);
        Visibility visibility = awaitFirstRecordsCommittedAfterTheKill(open, successor);
        successor.awaitReady(base.resolve("/q/health/ready"), READY_WITHIN);
        Instant successorReady = Instant.now();

        // message ids of their own: the first load's would be dropped as a channel's retries
        try (ChatLoad load = new ChatLoad(base.toString(), run + "-after", LOAD_THREADS, VISITORS)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> load.acceptedCount() >= ACCEPTED_PER_PHASE);
            load.close();
            outcomes.addAll(load.outcomes());
        }
        PipelineProgress.awaitDrained(RAW, Duration.ofSeconds(120));
        Set<String> accepted = outcomes.stream().filter(ChatLoad.Outcome::accepted).map(ChatLoad.Outcome::messageId)
                .collect(Collectors.toSet());
        Copies contacts = copies(List.of(CONTACTS), run, accepted.size());
        Copies queued = copies(queueLanes(), run, accepted.size());

        report(open, killed, visibility, successorReady, accepted, contacts, queued);
        assertThat(visibility.released()).as("read_committed readers of the held partitions went on").isTrue();
        assertThat(contacts.missing(accepted)).as("accepted messages without a ContactRecord on contacts").isEmpty();
        assertThat(contacts.repeated()).as("messages with more than one ContactRecord on contacts").isEmpty();
        assertThat(contacts.repeatedRecordIds()).as("record ids on contacts more than once").isEmpty();
        assertThat(queued.missing(accepted)).as("accepted messages on no agent queue").isEmpty();
        assertThat(queued.repeated()).as("messages on the agent queues more than once").isEmpty();
        assertThat(queued.repeatedRecordIds()).as("record ids on the agent queues more than once").isEmpty();
    }

    private GatewayProcess startGateway(String name, int httpPort, URI base) throws Exception {
        GatewayProcess gateway = startGatewayProcess(name, httpPort);
        gateway.awaitReady(base.resolve("/q/health/ready"), READY_WITHIN);
        return gateway;
    }

    /** One pipeline worker, its transactions named as a StatefulSet pod's, the broker's timeout out of reach. */
    private GatewayProcess startGatewayProcess(String name, int httpPort) throws IOException {
        Map<String, String> config = new HashMap<>(infrastructureConfig);
        config.put("quarkus.http.port", Integer.toString(httpPort));
        config.put("switchboard.data-dir", workingDirectory.resolve(name + "-data").toString());
        config.put("switchboard.pipeline.threads", "1");
        config.put("switchboard.pipeline.transactional-id", TRANSACTIONAL_ID_PREFIX);
        config.put("switchboard.pipeline.transaction-timeout", TRANSACTION_TIMEOUT.toString());
        List<String> options = config.entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue()).toList();
        GatewayProcess gateway = GatewayProcess.start(workingDirectory, options, workingDirectory.resolve(name + ".log"));
        gateways.add(gateway);
        return gateway;
    }

    /** The crashed gateway's transaction as the broker saw it at the kill, and the partitions it held back. */
    private record OpenTransaction(Instant startedAt, Map<TopicPartition, Long> heldUpTo) {}

    /**
     * Stops the gateway (SIGSTOP) at a moment its pipeline has records in an open transaction, so that the
     * kill that follows surely leaves one behind; under load that is most moments, else it runs on a little.
     */
    private OpenTransaction freezeWithTransactionOpen(GatewayProcess gateway) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            signal(gateway, "STOP");
            Thread.sleep(300); // requests already on the wire land
            TransactionDescription description = describe();
            if (description.state() == TransactionState.ONGOING) {
                Map<TopicPartition, Long> held = held(description);
                if (!held.isEmpty()) {
                    return new OpenTransaction(Instant.ofEpochMilli(description.transactionStartTimeMs().orElseThrow()), held);
                }
            }
            signal(gateway, "CONT");
            Thread.sleep(50 + attempt * 10L);
        }
        throw new AssertionError("the pipeline never had records in an open transaction under load");
    }

    /** The topic partitions the transaction wrote to whose last stable offset it holds below their end. */
    private Map<TopicPartition, Long> held(TransactionDescription description) throws Exception {
        List<TopicPartition> written = description.topicPartitions().stream()
                .filter(p -> p.topic().equals(CONTACTS) || p.topic().startsWith(QUEUE_PREFIX)).toList();
        Map<TopicPartition, Long> ends = offsets(written, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> stable = offsets(written, IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> held = new HashMap<>();
        ends.forEach((partition, end) -> {
            if (stable.get(partition) < end) {
                held.put(partition, end);
            }
        });
        return held;
    }

    private record Visibility(boolean released, Instant stableOffsetsPassed, Instant firstRecordSeen, long firstRecordOffset) {}

    /**
     * A read_committed consumer of the held partitions, positioned at their end at the kill: it gets
     * nothing until the crashed gateway's transaction has ended, then the records committed since. Waits
     * no longer than until shortly before the broker's own timeout would have ended it.
     */
    private Visibility awaitFirstRecordsCommittedAfterTheKill(OpenTransaction open, GatewayProcess successor) throws Exception {
        Instant giveUp = open.startedAt().plus(TRANSACTION_TIMEOUT).minus(TIMEOUT_MARGIN);
        Instant stableOffsetsPassed = null;
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, GatewayInfrastructure.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            reader.assign(open.heldUpTo().keySet());
            open.heldUpTo().forEach(reader::seek);
            while (Instant.now().isBefore(giveUp)) {
                assertThat(successor.isAlive()).as("successor running; its output: %s", successor.tail()).isTrue();
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(100))) {
                    Instant seen = Instant.now();
                    return new Visibility(true, stableOffsetsPassed == null ? seen : stableOffsetsPassed, seen, record.offset());
                }
                if (stableOffsetsPassed == null && passed(open.heldUpTo())) {
                    stableOffsetsPassed = Instant.now();
                }
            }
        }
        return new Visibility(false, stableOffsetsPassed, null, -1);
    }

    private boolean passed(Map<TopicPartition, Long> heldUpTo) throws Exception {
        Map<TopicPartition, Long> stable = offsets(heldUpTo.keySet(), IsolationLevel.READ_COMMITTED);
        return heldUpTo.entrySet().stream().allMatch(e -> stable.get(e.getKey()) >= e.getValue());
    }

    private Map<TopicPartition, Long> offsets(java.util.Collection<TopicPartition> partitions, IsolationLevel isolation)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(Function.identity(),
                p -> OffsetSpec.latest()));
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(10, TimeUnit.SECONDS).entrySet()
                .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private TransactionDescription describe() throws Exception {
        return admin.describeTransactions(List.of(TRANSACTIONAL_ID)).description(TRANSACTIONAL_ID).get(10, TimeUnit.SECONDS);
    }

    private static void signal(GatewayProcess gateway, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(gateway.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s", signal).isTrue();
    }

    private List<String> queueLanes() throws Exception {
        return admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().filter(t -> t.startsWith(QUEUE_PREFIX))
                .sorted().toList();
    }

    /** What a read_committed reader finds of the run on {@code topics}: records per message id and per record id. */
    private record Copies(Map<String, Integer> perMessage, Map<String, Integer> perRecordId) {
        Set<String> missing(Set<String> accepted) {
            Set<String> missing = new HashSet<>(accepted);
            missing.removeAll(perMessage.keySet());
            return missing;
        }

        Set<String> repeated() {
            return moreThanOnce(perMessage);
        }

        Set<String> repeatedRecordIds() {
            return moreThanOnce(perRecordId);
        }

        int records() {
            return perRecordId.values().stream().mapToInt(Integer::intValue).sum();
        }

        private static Set<String> moreThanOnce(Map<String, Integer> counts) {
            return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
        }
    }

    private static Copies copies(List<String> topics, String run, int expected) {
        Map<String, Integer> perMessage = new HashMap<>();
        Map<String, Integer> perRecordId = new HashMap<>();
        for (String topic : topics) {
            for (ConsumerRecord<String, byte[]> r : TopicReader.read(topic, TopicReader.valueContains("\"" + run + "-"),
                    topics.size() == 1 ? expected : 0, Duration.ofSeconds(60))) {
                try {
                    JsonNode record = JSON.readTree(r.value());
                    perMessage.merge(record.get("channelMessageId").asText(), 1, Integer::sum);
                    perRecordId.merge(record.get("id").asText(), 1, Integer::sum);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new Copies(perMessage, perRecordId);
    }

    private static void report(OpenTransaction open, Instant killed, Visibility visibility, Instant successorReady,
            Set<String> accepted, Copies contacts, Copies queued) throws IOException {
        String text = """
                drill pipeline-takeover: gateway SIGKILLed with transaction %s open for %d ms (%d partitions held back: %s);
                successor with the same transactional ids ready %d ms after the kill; transaction timeout %s
                read_committed readers of the held partitions: last stable offsets past the open transaction %s ms after the kill,
                first record committed after the kill seen %s ms after the kill (offset %d)
                accepted (2xx): %d; contacts: %d records, %d missing, %d repeated; agent queues: %d records, %d missing, %d repeated
                """.formatted(TRANSACTIONAL_ID, Duration.between(open.startedAt(), killed).toMillis(), open.heldUpTo().size(),
                open.heldUpTo().keySet(), Duration.between(killed, successorReady).toMillis(), TRANSACTION_TIMEOUT,
                millisAfter(killed, visibility.stableOffsetsPassed()), millisAfter(killed, visibility.firstRecordSeen()),
                visibility.firstRecordOffset(), accepted.size(), contacts.records(), contacts.missing(accepted).size(),
                contacts.repeated().size(), queued.records(), queued.missing(accepted).size(), queued.repeated().size());
        LOG.info(text);
        Path out = Path.of("target", "drills", "pipeline-takeover.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    private static String millisAfter(Instant start, Instant end) {
        return end == null ? "never" : Long.toString(Duration.between(start, end).toMillis());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
