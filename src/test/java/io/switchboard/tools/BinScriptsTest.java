package io.switchboard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.security.ApiKeys;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.OperatorApi;
import io.switchboard.testing.TopicReader;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Runs every script of {@code bin/} once against a real gateway, broker and database, as an operator
 * would from the repository root: what it prints and what it leaves on the topics. A script added to
 * bin/ without a run here fails {@link #everyScriptInBinIsRunHere()}.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class BinScriptsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    /** The scripts this class runs, each in its own test below. */
    private static final Set<String> RUN_HERE = Set.of("send-chat", "read-queue", "dead-letters", "fuzz", "new-api-key");

    /** Scripts whose runs belong to another test (add their names to RUN_HERE when they get one here). */
    private static final Set<String> RUN_ELSEWHERE = Set.of("classifier-eval", "classifier-train");

    @TestHTTPResource("/")
    URL gateway;

    record Run(int exitCode, String output) {}

    @Test
    void everyScriptInBinIsRunHere() throws IOException {
        Set<String> scripts = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("bin"))) {
            files.filter(Files::isRegularFile).filter(Files::isExecutable)
                    .forEach(f -> scripts.add(f.getFileName().toString()));
        }
        Set<String> accounted = new TreeSet<>(RUN_HERE);
        accounted.addAll(RUN_ELSEWHERE);
        assertThat(scripts).isEqualTo(accounted);
    }

    @Test
    void sendChatCarriesQuotesBackslashesNewlinesAndControlCharactersIntact() throws Exception {
        String messageId = "bin-\"quoted\"-" + UUID.randomUUID();
        String text = "He said \"it's broken\" \\ see C:\\temp\\new\nsecond line\r\n\ttabbed \u0001 bell\u0007 订单 SO-2001 😀";

        Run run = run(List.of("bin/send-chat", text, messageId), chatEnvironment(GatewayInfrastructure.CHAT_SECRET));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("HTTP 202");
        String id = JSON.readTree(run.output().substring(0, run.output().indexOf("\nHTTP "))).path("id").asText();
        List<ConsumerRecord<String, byte[]>> contacts = TopicReader.read("switchboard.contacts",
                TopicReader.valueContains(id), 1, Duration.ofSeconds(30));
        assertThat(contacts).hasSize(1);
        JsonNode record = JSON.readTree(contacts.get(0).value());
        assertThat(record.path("text").asText()).isEqualTo(text);
        assertThat(record.path("channelMessageId").asText()).isEqualTo(messageId);
    }

    @Test
    void sendChatWithTheWrongSecretIsRefused() throws Exception {
        Run run = run(List.of("bin/send-chat", "hello", "bin-forged-" + UUID.randomUUID()), chatEnvironment("not-the-secret"));

        assertThat(run.output()).contains("HTTP 401").contains("\"error\"");
    }

    @Test
    void readQueuePrintsTheCommittedRecordsOfATopic() throws Exception {
        String messageId = "bin-read-" + UUID.randomUUID();
        Run sent = run(List.of("bin/send-chat", "read me back", messageId), chatEnvironment(GatewayInfrastructure.CHAT_SECRET));
        assertThat(sent.output()).contains("HTTP 202");
        assertThat(TopicReader.read("switchboard.contacts", TopicReader.valueContains(messageId), 1, Duration.ofSeconds(30)))
                .hasSize(1);

        Run run = run(List.of("bin/read-queue", "switchboard.contacts", GatewayInfrastructure.bootstrapServers()), Map.of());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains(messageId).contains("read me back");
    }

    /** The key it prints is the one its settings name by hash, so the gateway accepts it (ApiKeys hashes alike). */
    @Test
    void newApiKeyPrintsAKeyAndTheSettingsThatConfigureItByHash() throws Exception {
        Run made = run(List.of("bin/new-api-key", "desk-tool", "agent"), Map.of());
        assertThat(made.exitCode()).as(made.output()).isZero();
        String key = made.output().lines().filter(l -> l.startsWith("key ")).findFirst().orElseThrow()
                .replaceAll(".*: ", "").strip();
        assertThat(key).hasSizeGreaterThanOrEqualTo(32);
        assertThat(made.output()).contains("switchboard.security.keys.desk-tool.role=agent")
                .contains("switchboard.security.keys.desk-tool.hash=" + ApiKeys.hashOf(key));

        Run again = run(List.of("bin/new-api-key", "desk-tool", "agent"), Map.of());
        assertThat(again.output()).doesNotContain(key);
        Run badRole = run(List.of("bin/new-api-key", "desk-tool", "root"), Map.of());
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.output()).contains("usage: bin/new-api-key");
    }

    @Test
    void deadLettersListsAPageWithTheAdminKeyAndStopsWithoutOne() throws Exception {
        String operator = "http://localhost:" + OperatorApi.port();
        Map<String, String> withKey = Map.of("SWITCHBOARD_URL", operator,
                "SWITCHBOARD_ADMIN_API_KEY", GatewayInfrastructure.ADMIN_API_KEY);
        Run listed = run(List.of("bin/dead-letters", "list"), withKey);
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("HTTP 200").contains("\"items\"");

        Run wrongKey = run(List.of("bin/dead-letters", "list"), Map.of("SWITCHBOARD_URL", operator,
                "SWITCHBOARD_ADMIN_API_KEY", "wrong-key"));
        assertThat(wrongKey.output()).contains("HTTP 401");

        Run noKey = run(List.of("bin/dead-letters", "list"), Map.of("SWITCHBOARD_URL", operator));
        assertThat(noKey.exitCode()).isNotZero();
        assertThat(noKey.output()).contains("set SWITCHBOARD_ADMIN_API_KEY");

        Run unknown = run(List.of("bin/dead-letters", "purge"), withKey);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).contains("usage: bin/dead-letters list");
    }

    /** A whole fuzzing run takes minutes and starts Maven (CI runs it after mvn verify): here, its help and targets. */
    @Test
    void fuzzHelpNamesDefaultTargetsThatExistAsFuzzTests() throws Exception {
        Run run = run(List.of("bin/fuzz", "--help"), Map.of());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("usage: bin/fuzz");
        String targets = run.output().lines().filter(l -> l.startsWith("default targets: ")).findFirst()
                .orElseThrow().substring("default targets: ".length());
        assertThat(targets.split(" ")).isNotEmpty().allSatisfy(target -> assertThat(isFuzzTest(target))
                .as("%s is a @FuzzTest method of a test class", target).isTrue());
    }

    private static boolean isFuzzTest(String target) throws IOException {
        String[] classAndMethod = target.split("#");
        try (Stream<Path> classes = Files.walk(Path.of("target", "test-classes"))) {
            List<Path> found = classes.filter(p -> p.getFileName().toString().equals(classAndMethod[0] + ".class")).toList();
            if (found.size() != 1) {
                return false;
            }
            String name = Path.of("target", "test-classes").relativize(found.get(0)).toString()
                    .replace(".class", "").replace('/', '.');
            Method[] methods = Class.forName(name).getDeclaredMethods();
            return Arrays.stream(methods).anyMatch(m -> m.getName().equals(classAndMethod[1])
                    && Arrays.stream(m.getAnnotations()).anyMatch(a -> a.annotationType() == FuzzTest.class));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private Map<String, String> chatEnvironment(String secret) {
        return Map.of("SWITCHBOARD_URL", base(), "SWITCHBOARD_CHAT_SECRET", secret);
    }

    private String base() {
        String url = gateway.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Runs a script from the repository root, as the README shows them, bounded in time. */
    private static Run run(List<String> command, Map<String, String> environment) throws Exception {
        Path output = Files.createTempFile("bin-script", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // only what the test hands over: a developer's own SWITCHBOARD_* settings must not leak in
        builder.environment().keySet().removeIf(name -> name.startsWith("SWITCHBOARD_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
