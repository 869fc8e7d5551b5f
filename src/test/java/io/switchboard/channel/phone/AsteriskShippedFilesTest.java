package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The pseudonymised production Asterisk Master.csv files (18 columns, no header, parallel
 * ringing legs share a uniqueid). Expected numbers are derived independently of the code under
 * test: uniqueid and disposition are cut out of each line with a regex.
 */
class AsteriskShippedFilesTest {

    /** ..."DISPOSITION","AMAFLAGS","UNIQUEID","USERFIELD" at the end of each line. */
    private static final Pattern TAIL = Pattern.compile(
            ",\"([A-Z ]+)\",\"[A-Z]+\",\"([0-9]+\\.[0-9]+)\",\"[^\"]*\"$");

    private static final ZoneId PBX_ZONE = ZoneId.of("America/New_York");

    private static CallAssembler usAssembler() {
        return new CallAssembler(CallAssembler.Config.builder().numbers(new PhoneNumbers("US")).build());
    }

    private record Expected(int rows, Map<String, List<String>> dispositionsByUniqueId) {
    }

    private static Expected expected(Path file) throws IOException {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        int rows = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            rows++;
            Matcher m = TAIL.matcher(line);
            assertThat(m.find()).as("test regex must match %s", line).isTrue();
            byId.computeIfAbsent(m.group(2), k -> new ArrayList<>()).add(m.group(1));
        }
        return new Expected(rows, byId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "cdr.csv, 218, 174",
            "smallcdr.csv, 45, 37",
            "smallcdr_wo_parallelcalls.csv, 34, 34"})
    void everyRowOfAShippedFileEndsInExactlyOneCallPerUniqueid(String name, int rows, int calls) throws IOException {
        Path file = TestFiles.resource("asterisk-cdrcsv/" + name);
        Expected exp = expected(file);
        assertThat(exp.rows()).isEqualTo(rows);
        assertThat(exp.dispositionsByUniqueId()).hasSize(calls);

        CdrReadResult read = new CdrFileReader(CdrLayout.asterisk(PBX_ZONE)).read(file);
        assertThat(read.errors()).isEmpty();
        assertThat(read.rows()).hasSize(exp.rows());
        assertThat(read.layout().name()).isEqualTo("asterisk-18");

        List<CallRecord> records = usAssembler().assemble(read.rows());
        assertThat(records).hasSize(exp.dispositionsByUniqueId().size());
        assertThat(records).extracting(CallRecord::callId)
                .containsExactlyElementsOf(exp.dispositionsByUniqueId().keySet());
        for (CallRecord c : records) {
            assertThat(c.legCount()).isEqualTo(exp.dispositionsByUniqueId().get(c.callId()).size());
        }
        // each physical row is used by exactly one call
        List<String> allLines = records.stream().flatMap(c -> c.sourceLines().stream()).toList();
        assertThat(allLines).doesNotHaveDuplicates().hasSize(exp.rows());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file, ANSWERED, MISSED, BUSY (calls, derived independently in expectedStatus)
            "cdr.csv, 133, 39, 2",
            "smallcdr.csv, 27, 9, 1",
            "smallcdr_wo_parallelcalls.csv, 27, 6, 1"})
    void callStatusCountsFollowTheBestLegOfEachCall(String name, int answered, int missed, int busy) throws IOException {
        Path file = TestFiles.resource("asterisk-cdrcsv/" + name);
        Expected exp = expected(file);
        Map<CallStatus, Long> independent = exp.dispositionsByUniqueId().values().stream()
                .collect(Collectors.groupingBy(AsteriskShippedFilesTest::expectedStatus, Collectors.counting()));
        assertThat(independent).containsOnly(
                Map.entry(CallStatus.ANSWERED, (long) answered),
                Map.entry(CallStatus.MISSED, (long) missed),
                Map.entry(CallStatus.BUSY, (long) busy));

        CdrReadResult read = new CdrFileReader(CdrLayout.asterisk(PBX_ZONE)).read(file);
        Map<CallStatus, Long> actual = new EnumMap<>(CallStatus.class);
        for (CallRecord c : usAssembler().assemble(read.rows())) {
            actual.merge(c.status(), 1L, Long::sum);
            assertThat(c.status()).isEqualTo(expectedStatus(exp.dispositionsByUniqueId().get(c.callId())));
        }
        assertThat(actual).isEqualTo(independent);
    }

    private static CallStatus expectedStatus(List<String> dispositions) {
        if (dispositions.contains("ANSWERED")) {
            return CallStatus.ANSWERED;
        }
        if (dispositions.contains("NO ANSWER")) {
            return CallStatus.MISSED;
        }
        if (dispositions.contains("BUSY")) {
            return CallStatus.BUSY;
        }
        return CallStatus.FAILED;
    }

    @Test
    void rowLevelDispositionCountsMatchSourcesDocument() throws IOException {
        CdrReadResult read = new CdrFileReader(CdrLayout.asterisk(PBX_ZONE))
                .read(TestFiles.resource("asterisk-cdrcsv/cdr.csv"));
        Map<String, Long> byDisposition = read.rows().stream()
                .collect(Collectors.groupingBy(r -> r.get(CdrField.DISPOSITION), Collectors.counting()));
        assertThat(byDisposition).containsOnly(
                Map.entry("ANSWERED", 133L), Map.entry("NO ANSWER", 83L), Map.entry("BUSY", 2L));
    }

    @Test
    void parallelRingingLegsMergeIntoTheAnsweredLeg() throws IOException {
        CdrReadResult read = new CdrFileReader(CdrLayout.asterisk(PBX_ZONE))
                .read(TestFiles.resource("asterisk-cdrcsv/smallcdr.csv"));
        CallRecord call = usAssembler().assemble(read.rows()).stream()
                .filter(c -> c.callId().equals("1498559927.9")).findFirst().orElseThrow();
        // lines 4 (ANSWERED) and 5 (NO ANSWER) of smallcdr.csv
        assertThat(call.legCount()).isEqualTo(2);
        assertThat(call.sourceLines()).containsExactly("smallcdr.csv:4", "smallcdr.csv:5");
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.startedAt()).isEqualTo(Instant.parse("2017-06-27T14:38:47Z")); // EDT = UTC-4
        assertThat(call.answeredAt()).isEqualTo(Instant.parse("2017-06-27T14:38:53Z"));
        assertThat(call.endedAt()).isEqualTo(Instant.parse("2017-06-27T14:39:02Z"));
        assertThat(call.durationSeconds()).isEqualTo(15);
        assertThat(call.billSeconds()).isEqualTo(8);
        assertThat(call.from().value()).isEqualTo("+13344428436");
        assertThat(call.context()).isEqualTo("hq");
        assertThat(call.callbackNeeded()).isFalse();
    }

    @Test
    void missedCallsFromExternalNumbersNeedACallback() throws IOException {
        CdrReadResult read = new CdrFileReader(CdrLayout.asterisk(PBX_ZONE))
                .read(TestFiles.resource("asterisk-cdrcsv/cdr.csv"));
        List<CallRecord> calls = usAssembler().assemble(read.rows());
        // no extensions in the pseudonymised data: external -> external counts as inbound by default
        assertThat(calls).extracting(CallRecord::direction).containsOnly(CallDirection.INBOUND);
        long unanswered = calls.stream().filter(c -> c.status() != CallStatus.ANSWERED).count();
        assertThat(calls.stream().filter(CallRecord::callbackNeeded).count()).isEqualTo(unanswered).isEqualTo(41);
        assertThat(calls).filteredOn(CallRecord::callbackNeeded)
                .allSatisfy(c -> assertThat(c.answeredAt()).isNull());
    }

    @Test
    void clidNameIsExtractedWithDoubledQuotesUndone() throws IOException {
        CdrReadResult read = new CdrFileReader(CdrLayout.asterisk(PBX_ZONE))
                .read(TestFiles.resource("asterisk-cdrcsv/smallcdr.csv"));
        CdrRow first = read.rows().get(0);
        assertThat(first.get(CdrField.CLID)).isEqualTo("\"Leanna Cuphus\" <609-326-2780>");
        CallRecord call = usAssembler().assemble(List.of(first)).get(0);
        assertThat(call.callerName()).isEqualTo("Leanna Cuphus");
        CdrRow noName = read.rows().get(3);
        assertThat(noName.get(CdrField.CLID)).isEqualTo("\"\" <334-442-8436>");
        assertThat(usAssembler().assemble(List.of(noName)).get(0).callerName()).isNull();
    }

    @Test
    void reDroppingTheSameFileYieldsTheSameCallIdsAndNoExtraLegs() throws IOException {
        Path file = TestFiles.resource("asterisk-cdrcsv/smallcdr.csv");
        CdrFileReader reader = new CdrFileReader(CdrLayout.asterisk(PBX_ZONE));
        List<CdrRow> once = reader.read(file).rows();
        List<CdrRow> again = reader.read(file).rows();
        List<CallRecord> first = usAssembler().assemble(once);
        List<CallRecord> second = usAssembler().assemble(again);
        assertThat(second).extracting(CallRecord::callId)
                .containsExactlyElementsOf(first.stream().map(CallRecord::callId).toList());

        List<CdrRow> both = new ArrayList<>(once);
        both.addAll(again);
        List<CallRecord> merged = usAssembler().assemble(both);
        assertThat(merged).hasSize(first.size());
        assertThat(merged).extracting(CallRecord::legCount)
                .containsExactlyElementsOf(first.stream().map(CallRecord::legCount).toList());
        Set<String> ids = new HashSet<>();
        merged.forEach(c -> assertThat(ids.add(c.callId())).isTrue());
    }

    @Test
    void callIdsDoNotDependOnRowOrder() throws IOException {
        List<CdrRow> rows = new ArrayList<>(new CdrFileReader(CdrLayout.asterisk(PBX_ZONE))
                .read(TestFiles.resource("asterisk-cdrcsv/smallcdr.csv")).rows());
        Set<String> forward = usAssembler().assemble(rows).stream().map(CallRecord::callId).collect(Collectors.toSet());
        java.util.Collections.reverse(rows);
        Set<String> backward = usAssembler().assemble(rows).stream().map(CallRecord::callId).collect(Collectors.toSet());
        assertThat(backward).isEqualTo(forward);
    }
}
