package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CdrSourcesTest {

    private static final Map<String, Map<String, String>> CUSTOM = Map.of("billing-export", Map.of(
            "skipLines", "1", "uniqueid", "0", "src", "1", "dst", "2", "start", "3", "disposition", "4"));

    private static CdrSources sources() {
        return new CdrSources("asterisk", Optional.of("Asia/Shanghai"), "CN",
                Map.of("billing", new CdrSources.Folder("billing-export", Optional.of("Europe/Berlin"), Optional.of("DE"))),
                CUSTOM, Set.of());
    }

    @Test
    void eachInboxReadsWithItsOwnLayoutZoneAndRegion() {
        CdrSources s = sources();
        assertThat(s.forFolder("")).isEqualTo(new CdrSources.Source("asterisk", ZoneId.of("Asia/Shanghai"), "CN"));
        CdrSources.Source billing = s.forFolder("billing");
        assertThat(billing.region()).isEqualTo("DE");
        CdrReadResult read = TestFiles.read(s.layout(billing),
                "id,from,to,start,disposition\nb-1,030 1234567,8001,2025-03-03 09:00:00,NO ANSWER\n");
        assertThat(read.errors()).isEmpty();
        // the inbox's zone applies when the mapping names none
        assertThat(read.rows().get(0).start()).isEqualTo(Instant.parse("2025-03-03T08:00:00Z"));
        CallRecord call = s.assembler("DE").assemble(read.rows()).get(0);
        assertThat(call.from().value()).isEqualTo("+49301234567");
        assertThat(call.status()).isEqualTo(CallStatus.MISSED);
    }

    @Test
    void filesInAnUnconfiguredSubfolderAreRefusedWithTheSettingToAdd() {
        assertThatThrownBy(() -> sources().forFolder("pbx9")).hasMessageContaining("switchboard.phone.cdr.inboxes.pbx9.layout");
    }

    @Test
    void aBadMappingOrUnknownLayoutStopsTheGatewayAtStart() {
        assertThatThrownBy(() -> new CdrSources("nosuch", Optional.empty(), "CN", Map.of(), Map.of(), Set.of()))
                .hasMessageContaining("unknown CDR layout 'nosuch'");
        assertThatThrownBy(() -> new CdrSources("bad", Optional.empty(), "CN", Map.of(),
                Map.of("bad", Map.of("src", "1", "start", "x")), Set.of())).hasMessageContaining("start");
        assertThatThrownBy(() -> new CdrSources("asterisk", Optional.of("Mars/Olympus"), "CN", Map.of(), Map.of(), Set.of()))
                .hasMessageContaining("Mars/Olympus");
    }

    @Test
    void rawMessagesCarryEachCallsLegsVerbatimAndHowToReadThem() throws Exception {
        CdrSources s = sources();
        CdrReadResult read = new CdrFileReader(s.layout(s.forFolder(""))).read(TestFiles.resource("asterisk-cdrcsv/smallcdr.csv"));
        List<io.switchboard.domain.RawMessage> raws = CdrInbox.rawMessages(s.assembler("CN"), read.rows(), s.forFolder(""),
                "smallcdr.csv", Instant.EPOCH);
        assertThat(raws).hasSize(37);
        io.switchboard.domain.RawMessage parallel = raws.stream()
                .filter(r -> r.channelMessageId().equals("1498559927.9")).findFirst().orElseThrow();
        assertThat(parallel.attributes()).containsEntry(PhoneRaw.CDR_LINES, "4,5").containsEntry(PhoneRaw.CDR_LAYOUT, "asterisk")
                .containsEntry(PhoneRaw.CDR_TIME_ZONE, "Asia/Shanghai").containsEntry(PhoneRaw.CDR_REGION, "CN");
        List<String> lines = java.nio.file.Files.readAllLines(TestFiles.resource("asterisk-cdrcsv/smallcdr.csv"));
        assertThat(new String(parallel.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(lines.get(3) + "\n" + lines.get(4) + "\n");
    }
}
