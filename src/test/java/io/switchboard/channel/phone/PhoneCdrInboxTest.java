package io.switchboard.channel.phone;

import io.switchboard.security.Role;
import io.switchboard.testing.OperatorApi;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.PipelineProgress;
import io.switchboard.testing.TopicReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * CDR files dropped into the watched inbox end as ContactRecords on switchboard.contacts, on a real
 * broker and database. Expected calls are computed here from the files with a regex, independently of
 * the reader and assembler under test. Subfolder {@code us} is configured as a US Asterisk PBX,
 * {@code freeswitch} as a FreeSWITCH box (GatewayInfrastructure).
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class PhoneCdrInboxTest {

    private static final String RAW = "switchboard.inbound.raw";
    private static final String CONTACTS = "switchboard.contacts";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** ..."DISPOSITION","AMAFLAGS","UNIQUEID","USERFIELD" at the end of each Asterisk line. */
    private static final Pattern UNIQUE_ID = Pattern.compile(",\"[A-Z ]+\",\"[A-Z]+\",\"([0-9]+\\.[0-9]+)\",\"[^\"]*\"$");

    @Test
    void shouldTurnEveryShippedAsteriskRowIntoExactlyOneContactPerCall() throws Exception {
        Path cdr = resource("asterisk-cdrcsv/cdr.csv");
        Set<String> calls = uniqueIds(cdr);
        assertThat(calls).hasSize(174);
        String name = "Master-" + UUID.randomUUID() + ".csv";
        Path done = drop(cdr, "us", name);
        assertThat(done).isRegularFile();
        // the two smaller files repeat calls of the big one: they add no record
        Set<String> all = new LinkedHashSet<>(calls);
        for (String small : List.of("smallcdr.csv", "smallcdr_wo_parallelcalls.csv")) {
            Path file = resource("asterisk-cdrcsv/" + small);
            all.addAll(uniqueIds(file));
            drop(file, "us", UUID.randomUUID() + "-" + small);
        }
        assertThat(all).isEqualTo(calls);
        PipelineProgress.awaitDrained(RAW, WAIT);

        Map<String, List<JsonNode>> byCall = contactsOf(calls);
        assertThat(byCall.keySet()).isEqualTo(calls);
        assertThat(byCall.values()).allSatisfy(records -> assertThat(records).hasSize(1));

        JsonNode parallel = byCall.get("1498559927.9").get(0);
        assertThat(parallel.get("direction").asText()).isEqualTo("inbound");
        assertThat(parallel.at("/from/type").asText()).isEqualTo("phone");
        assertThat(parallel.at("/from/value").asText()).isEqualTo("+13344428436");
        assertThat(texts(parallel.get("tags")))
                .as("the phone channel's own tags; taxonomy tags are the tagger's")
                .filteredOn(tag -> tag.startsWith("phone.")).containsExactly("phone.answered");
        assertThat(parallel.get("text").asText()).contains("started 2017-06-27T14:38:47Z", "2 legs");
        long callbacks = byCall.values().stream().filter(r -> texts(r.get(0).get("tags")).contains("phone.callback-needed")).count();
        assertThat(callbacks).isEqualTo(41);
        for (List<JsonNode> records : byCall.values()) {
            JsonNode from = records.get(0).get("from");
            if (from.get("type").asText().equals("phone")) {
                assertThat(from.get("value").asText()).matches("\\+1[0-9]{10}");
            } else {
                assertThat(from.get("type").asText()).isEqualTo("phone-raw");
                assertThat(texts(records.get(0).get("tags"))).contains("phone.invalid-number");
            }
        }
    }

    @Test
    void shouldNotDuplicateRecordsWhenTheSameFileIsDroppedTwice() throws Exception {
        String prefix = "redrop-" + UUID.randomUUID() + "-";
        Path file = Files.createTempFile("redrop", ".csv");
        Files.writeString(file,
                "\"\",\"13800138000\",\"8001\",\"from-trunk\",\"\"\"Zhang\"\" <13800138000>\",\"SIP/trunk-01\","
                + "\"SIP/8001-02\",\"Dial\",\"SIP/8001\",\"2025-03-03 09:00:00\",\"2025-03-03 09:00:05\","
                + "\"2025-03-03 09:01:00\",60,55,\"ANSWERED\",\"DOCUMENTATION\",\"" + prefix + "1\",\"\"\n"
                + "\"\",\"13912345678\",\"8002\",\"from-trunk\",\"\",\"SIP/trunk-03\",\"\",\"Dial\",\"SIP/8002\","
                + "\"2025-03-03 10:00:00\",,\"2025-03-03 10:00:20\",20,0,\"NO ANSWER\",\"DOCUMENTATION\",\""
                + prefix + "2\",\"\"\n");
        Set<String> calls = Set.of(prefix + "1", prefix + "2");
        drop(file, "", "twice.csv");
        drop(file, "", "twice.csv");
        assertThat(TopicReader.read(RAW, r -> calls.contains(r.key()), 4, WAIT)).hasSize(4);
        PipelineProgress.awaitDrained(RAW, WAIT);
        Map<String, List<JsonNode>> byCall = contactsOf(calls);
        assertThat(byCall.get(prefix + "1")).hasSize(1);
        assertThat(byCall.get(prefix + "2")).hasSize(1);
        // default region CN: mainland numbers become E.164, extensions stay extensions
        JsonNode missed = byCall.get(prefix + "2").get(0);
        assertThat(missed.at("/from/value").asText()).isEqualTo("+8613912345678");
        assertThat(missed.at("/to/type").asText()).isEqualTo("phone-extension");
        assertThat(texts(missed.get("tags")))
                .as("the phone channel's own tags; taxonomy tags are the tagger's")
                .filteredOn(tag -> tag.startsWith("phone.")).containsExactly("phone.missed", "phone.callback-needed");
        assertThat(byCall.get(prefix + "1").get(0).get("preferredAgent").asText()).isEqualTo("8001");
    }

    @Test
    void shouldReadFreeSwitchExampleTemplateFilesInTheirOwnInbox() throws Exception {
        drop(resource("freeswitch/Master.csv"), "freeswitch", "Master-" + UUID.randomUUID() + ".csv");
        PipelineProgress.awaitDrained(RAW, WAIT);
        Set<String> calls = Set.of("a5c9f6c0-e752-11e3-8bfb-65b6c3cdac7d", "0b1e5e0a-0001-4000-8000-000000000001",
                "0b1e5e0a-0002-4000-8000-000000000002", "0b1e5e0a-0003-4000-8000-000000000003",
                "0b1e5e0a-0005-4000-8000-000000000005", "0b1e5e0a-0006-4000-8000-000000000006",
                "0b1e5e0a-0007-4000-8000-000000000007");
        String internal = "0b1e5e0a-0004-4000-8000-000000000004";
        Set<String> withInternal = new LinkedHashSet<>(calls);
        withInternal.add(internal);
        Map<String, List<JsonNode>> byCall = contactsOf(withInternal);
        // 9 rows, 8 calls (a b-leg joins its a-leg); the extension-to-extension call is kept raw only
        assertThat(byCall.keySet()).isEqualTo(calls);
        assertThat(TopicReader.read(RAW, TopicReader.keyIs(internal), 1, WAIT)).hasSize(1);

        JsonNode bridged = byCall.get("0b1e5e0a-0001-4000-8000-000000000001").get(0);
        assertThat(bridged.at("/from/value").asText()).isEqualTo("+8613800138000");
        assertThat(bridged.get("preferredAgent").asText()).isEqualTo("1001");
        assertThat(bridged.get("text").asText()).contains("started 2025-03-03T01:00:00Z", "caller name Zhang San", "2 legs");
        JsonNode anonymous = byCall.get("0b1e5e0a-0005-4000-8000-000000000005").get(0);
        assertThat(anonymous.at("/from/type").asText()).isEqualTo("phone-anonymous");
        assertThat(texts(anonymous.get("tags")))
                .as("the phone channel's own tags; taxonomy tags are the tagger's")
                .filteredOn(tag -> tag.startsWith("phone.")).containsExactly("phone.missed", "phone.anonymous");
        JsonNode outbound = byCall.get("0b1e5e0a-0006-4000-8000-000000000006").get(0);
        assertThat(outbound.get("direction").asText()).isEqualTo("outbound");
        assertThat(outbound.at("/to/value").asText()).isEqualTo("+8675512345678");
        // an outbound call belongs to the customer who was called, not to the agent's extension
        String callee = OperatorApi.as(Role.AGENT).queryParam("phone", "+8675512345678").get("/customers")
                .then().statusCode(200).extract().path("customers[0].id");
        assertThat(outbound.at("/customer/id").asText()).isEqualTo(callee);
        JsonNode spain = byCall.get("a5c9f6c0-e752-11e3-8bfb-65b6c3cdac7d").get(0);
        assertThat(spain.at("/to/value").asText()).isEqualTo("+34688886392");
        // a caller name that a spreadsheet would run as a formula is kept verbatim as data
        JsonNode vip = byCall.get("0b1e5e0a-0007-4000-8000-000000000007").get(0);
        assertThat(vip.get("text").asText()).contains("caller name \"Chen, Liu\" VIP");
    }

    @Test
    void shouldReportMalformedRowsWithLineNumbersWhileGoodRowsFlow() throws Exception {
        String prefix = "mixed-" + UUID.randomUUID() + "-";
        String good = "\"\",\"917-375-0980\",\"502-679-5153\",\"production\",\"=cmd|' /C calc'!A0 <917-375-0980>\","
                + "\"SIP/a\",\"SIP/b\",\"Dial\",\"x\",\"2017-06-27 09:27:15\",\"2017-06-27 09:27:20\",\"2017-06-27 09:28:15\","
                + "60,55,\"ANSWERED\",\"DOCUMENTATION\",\"" + prefix + "%d\",\"\"\n";
        String csv = good.formatted(1)
                + "\"\",\"917-375-0980\",\"too\",\"few\",\"columns\"\n"
                + good.formatted(3)
                + good.formatted(4).replace("2017-06-27 09:27:15", "=cmd|' /C calc'!A0")
                + good.formatted(5);
        Path file = Files.createTempFile("mixed", ".csv");
        Files.writeString(file, csv);
        String name = "mixed-" + UUID.randomUUID() + ".csv";
        Path moved = drop(file, "us", name);
        assertThat(moved.toString()).startsWith(config("switchboard.phone.cdr.error"));
        List<String> report = Files.readAllLines(Path.of(moved + ".errors.csv"));
        assertThat(report.get(0)).isEqualTo("file,line,reason");
        assertThat(report).hasSize(3);
        assertThat(report.get(1)).startsWith(name + ",2,").contains("wrong column count");
        assertThat(report.get(2)).startsWith(name + ",4,").contains("bad start timestamp");

        Set<String> goodCalls = Set.of(prefix + "1", prefix + "3", prefix + "5");
        PipelineProgress.awaitDrained(RAW, WAIT);
        Map<String, List<JsonNode>> byCall = contactsOf(Set.of(prefix + "1", prefix + "3", prefix + "4", prefix + "5"));
        assertThat(byCall.keySet()).isEqualTo(goodCalls);
        // stored verbatim: the formula guard is for exports, not for data
        assertThat(byCall.get(prefix + "1").get(0).get("text").asText()).contains("caller name =cmd|' /C calc'!A0");
    }

    @Test
    void shouldNotReadAFileThatIsStillBeingWritten() throws Exception {
        String prefix = "slow-" + UUID.randomUUID() + "-";
        String row = "\"\",\"13800138000\",\"8001\",\"from-trunk\",\"\",\"SIP/t\",\"SIP/8001\",\"Dial\",\"x\","
                + "\"2025-03-03 09:00:00\",\"2025-03-03 09:00:05\",\"2025-03-03 09:01:00\",60,55,\"ANSWERED\","
                + "\"DOCUMENTATION\",\"" + prefix + "%d\",\"\"\n";
        String whole = row.formatted(1) + row.formatted(2) + row.formatted(3);
        int cut = row.length() + row.length() / 2; // in the middle of the second row
        Path inbox = Path.of(config("switchboard.phone.cdr.inbox"));
        Files.createDirectories(inbox);
        Path file = inbox.resolve("slow-" + UUID.randomUUID() + ".csv");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            out.write(whole.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            out.flush();
            // the consumer polls meanwhile; a file younger than min-age (3 s here) must be left alone
            Thread.sleep(1500);
            assertThat(file).exists();
            out.write(whole.substring(cut).getBytes(StandardCharsets.UTF_8));
        }
        awaitMoved(file);
        PipelineProgress.awaitDrained(RAW, WAIT);
        Set<String> calls = Set.of(prefix + "1", prefix + "2", prefix + "3");
        assertThat(contactsOf(calls).keySet()).isEqualTo(calls);
        assertThat(findInDone(file.getFileName().toString())).isPresent();
    }

    @Test
    void shouldLeaveTheFileInTheInboxWhileKafkaIsDownAndStoreItAfterwards() throws Exception {
        String prefix = "outage-" + UUID.randomUUID() + "-";
        Path file = Files.createTempFile("outage", ".csv");
        Files.writeString(file, "\"\",\"13800138000\",\"8001\",\"from-trunk\",\"\",\"SIP/t\",\"SIP/8001\",\"Dial\",\"x\","
                + "\"2025-03-03 09:00:00\",\"2025-03-03 09:00:05\",\"2025-03-03 09:01:00\",60,55,\"ANSWERED\","
                + "\"DOCUMENTATION\",\"" + prefix + "1\",\"\"\n");
        Path inbox = Path.of(config("switchboard.phone.cdr.inbox"));
        Files.createDirectories(inbox);
        Path dropped = inbox.resolve(prefix + "file.csv");
        double retriesBefore = retries();
        GatewayInfrastructure.stopBroker();
        try {
            Files.copy(file, dropped);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> retries() > retriesBefore);
            assertThat(dropped).exists();
        } finally {
            GatewayInfrastructure.restartBroker();
        }
        awaitMoved(dropped);
        assertThat(findInDone(dropped.getFileName().toString())).isPresent();
        PipelineProgress.awaitDrained(RAW, WAIT);
        assertThat(contactsOf(Set.of(prefix + "1"))).containsOnlyKeys(prefix + "1");
    }

    // ------------------------------------------------------------------ helpers

    /** How often a CDR file was left in the inbox because the broker did not confirm it. */
    private static double retries() {
        String metrics = OperatorApi.as(Role.METRICS).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^switchboard_cdr_files_total\\{outcome=\"retry\"} ([0-9.E]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Copies {@code source} into the inbox (atomically: written under a dot name, then renamed) and waits until it is moved. */
    private static Path drop(Path source, String folder, String name) throws IOException {
        Path dir = Path.of(config("switchboard.phone.cdr.inbox")).resolve(folder);
        Files.createDirectories(dir);
        Path hidden = dir.resolve("." + name);
        Files.copy(source, hidden);
        Path target = dir.resolve(name);
        Files.move(hidden, target);
        return awaitMoved(target);
    }

    private static Path awaitMoved(Path inInbox) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> !Files.exists(inInbox));
        String base = inInbox.getFileName().toString().replaceFirst("\\.csv$", "");
        Awaitility.await().atMost(WAIT).until(() -> findMoved(base).isPresent());
        return findMoved(base).orElseThrow();
    }

    private static java.util.Optional<Path> findInDone(String name) throws IOException {
        String base = name.replaceFirst("\\.csv$", "");
        try (Stream<Path> files = Files.walk(Path.of(config("switchboard.phone.cdr.done")))) {
            return files.filter(p -> p.getFileName().toString().startsWith(base + "-")).findFirst();
        }
    }

    /** The newest file moved to done or error for this base name. */
    private static java.util.Optional<Path> findMoved(String base) {
        List<Path> found = new ArrayList<>();
        for (String dir : List.of("switchboard.phone.cdr.done", "switchboard.phone.cdr.error")) {
            Path root = Path.of(config(dir));
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.getFileName().toString().startsWith(base + "-") && p.toString().endsWith(".csv")
                        && !p.toString().endsWith(".errors.csv")).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found.stream().max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
    }

    /** Contacts on switchboard.contacts of the given calls, grouped by channelMessageId. */
    private static Map<String, List<JsonNode>> contactsOf(Set<String> callIds) throws IOException {
        Map<String, List<JsonNode>> byCall = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> records = TopicReader.read(CONTACTS, r -> {
            JsonNode n = parse(r.value());
            return n != null && "phone".equals(n.path("channel").asText()) && callIds.contains(n.path("channelMessageId").asText());
        }, callIds.size(), Duration.ofSeconds(20));
        for (ConsumerRecord<String, byte[]> r : records) {
            JsonNode n = JSON.readTree(r.value());
            byCall.computeIfAbsent(n.get("channelMessageId").asText(), k -> new ArrayList<>()).add(n);
        }
        return byCall;
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<String> uniqueIds(Path file) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                Matcher m = UNIQUE_ID.matcher(line);
                assertThat(m.find()).as("test regex must match %s", line).isTrue();
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Path resource(String name) {
        return TestFiles.resource(name);
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }
}
