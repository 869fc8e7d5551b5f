package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AsteriskLayoutAndStatusTest {

    private static final CdrLayout AST = CdrLayout.asterisk(ZoneOffset.UTC);

    /** Builds an 18-column Asterisk line. */
    private static String row(String src, String dst, String ctx, String channel, String dstChannel, String app,
                              String start, String answer, String end, int dur, int bill, String disp, String uid) {
        return String.join(",", q(""), q(src), q(dst), q(ctx), q("\"\" <" + src + ">"), q(channel), q(dstChannel),
                q(app), q(""), q(start), answer.isEmpty() ? "" : q(answer), q(end), Integer.toString(dur),
                Integer.toString(bill), q(disp), q("DOCUMENTATION"), q(uid), q("")) + "\n";
    }

    private static String q(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static CallRecord single(String csv) {
        CdrReadResult r = TestFiles.read(AST, csv);
        assertThat(r.errors()).isEmpty();
        List<CallRecord> calls = new CallAssembler().assemble(r.rows());
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    @Test
    void protocolsSampleLineParsesWithUniqueidAndUserfield() {
        String line = "\"\",\"3\",\"11\",\"attendo\",\"3\",\"lcr/439\",\"IAX2/pbx-14597\",\"Read\",\"dtmf||20|noanswer||3\","
                + "\"2009-04-23 15:16:52\",\"2009-04-23 15:16:52\",\"2009-04-23 15:17:37\",45,45,\"ANSWERED\","
                + "\"DOCUMENTATION\",\"asterisk-1240499812.774\",\"102441/54\"\n";
        CdrReadResult r = TestFiles.read(AST, line);
        assertThat(r.errors()).isEmpty();
        CdrRow row = r.rows().get(0);
        assertThat(row.line()).isEqualTo(1);
        assertThat(row.get(CdrField.LAST_DATA)).isEqualTo("dtmf||20|noanswer||3");
        assertThat(row.get(CdrField.UNIQUE_ID)).isEqualTo("asterisk-1240499812.774");
        assertThat(row.get(CdrField.USER_FIELD)).isEqualTo("102441/54");
        assertThat(row.start()).isEqualTo(Instant.parse("2009-04-23T15:16:52Z"));
        assertThat(row.durationSeconds()).isEqualTo(45);
        CallRecord call = new CallAssembler().assemble(r.rows()).get(0);
        assertThat(call.callId()).isEqualTo("asterisk-1240499812.774");
        assertThat(call.direction()).isEqualTo(CallDirection.INTERNAL);
        assertThat(call.from().type()).isEqualTo(NormalizedNumber.Type.EXTENSION);
        assertThat(call.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(call.agentExtension()).isEqualTo("3");
    }

    @Test
    void variantIsDetectedFromColumnCount() {
        assertThat(AST.acceptedColumnCounts()).containsExactlyInAnyOrder(16, 17, 18, 19, 20, 21);
        assertThat(CdrLayout.asterisk(16, ZoneOffset.UTC).indexOf(CdrField.UNIQUE_ID)).isEmpty();
        assertThat(CdrLayout.asterisk(17, ZoneOffset.UTC).indexOf(CdrField.UNIQUE_ID)).hasValue(16);
        assertThat(CdrLayout.asterisk(18, ZoneOffset.UTC).indexOf(CdrField.USER_FIELD)).hasValue(17);
        assertThat(CdrLayout.asterisk(19, ZoneOffset.UTC).indexOf(CdrField.LINKED_ID)).hasValue(17);
        CdrLayout full = CdrLayout.asterisk(21, ZoneOffset.UTC);
        assertThat(full.indexOf(CdrField.PEER_ACCOUNT)).hasValue(18);
        assertThat(full.indexOf(CdrField.LINKED_ID)).hasValue(19);
        assertThat(full.indexOf(CdrField.SEQUENCE)).hasValue(20);
        assertThatThrownBy(() -> CdrLayout.asterisk(15, ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sixteenColumnFileWithoutIdsGetsContentHashIdsThatAreStable() {
        String csv = "\"\",\"13800138000\",\"8001\",\"from-trunk\",\"\",\"SIP/trunk-01\",\"SIP/8001-02\",\"Dial\",\"\","
                + "\"2025-01-02 10:00:00\",\"2025-01-02 10:00:05\",\"2025-01-02 10:01:05\",65,60,\"ANSWERED\",\"DOCUMENTATION\"\n"
                + "\"\",\"13800138001\",\"8001\",\"from-trunk\",\"\",\"SIP/trunk-03\",\"\",\"Dial\",\"\","
                + "\"2025-01-02 11:00:00\",,\"2025-01-02 11:00:20\",20,0,\"NO ANSWER\",\"DOCUMENTATION\"\n";
        CdrReadResult r = TestFiles.read(AST, csv);
        assertThat(r.errors()).isEmpty();
        assertThat(r.layout().name()).isEqualTo("asterisk-16");
        List<CallRecord> calls = new CallAssembler().assemble(r.rows());
        List<CallRecord> again = new CallAssembler().assemble(TestFiles.read(AST, csv).rows());
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).callId()).startsWith("h-").hasSize(34).isNotEqualTo(calls.get(1).callId());
        assertThat(again).extracting(CallRecord::callId)
                .containsExactly(calls.get(0).callId(), calls.get(1).callId());
        assertThat(calls.get(0).agentExtension()).isEqualTo("8001");
        assertThat(calls.get(1).status()).isEqualTo(CallStatus.MISSED);
        assertThat(calls.get(1).callbackNeeded()).isTrue();
        assertThat(calls.get(1).from().value()).isEqualTo("+8613800138001");
    }

    @Test
    void twentyOneColumnLegsAreGroupedByLinkedid() {
        String base = "\"\",\"%s\",\"%s\",\"from-internal\",\"\",\"%s\",\"%s\",\"%s\",\"\",\"%s\",%s,\"%s\",%d,%d,\"%s\","
                + "\"DOCUMENTATION\",\"%s\",\"\",\"\",\"%s\",\"%d\"\n";
        String csv = String.format(base, "8001", "13800138000", "SIP/8001-01", "SIP/trunk-02", "Dial",
                "2025-01-02 10:00:00", "\"2025-01-02 10:00:10\"", "2025-01-02 10:02:00", 120, 110, "ANSWERED",
                "1735812000.10", "1735812000.10", 1)
                + String.format(base, "13800138000", "8002", "SIP/trunk-02", "SIP/8002-03", "Dial",
                "2025-01-02 10:01:00", "\"2025-01-02 10:01:05\"", "2025-01-02 10:02:00", 60, 55, "ANSWERED",
                "1735812000.11", "1735812000.10", 2)
                + String.format(base, "8003", "13900000000", "SIP/8003-04", "", "Dial",
                "2025-01-02 12:00:00", "", "2025-01-02 12:00:30", 30, 0, "NO ANSWER",
                "1735819200.20", "1735819200.20", 3);
        CdrReadResult r = TestFiles.read(AST, csv);
        assertThat(r.errors()).isEmpty();
        assertThat(r.layout().name()).isEqualTo("asterisk-21");
        List<CallRecord> calls = new CallAssembler().assemble(r.rows());
        assertThat(calls).hasSize(2);
        CallRecord transferred = calls.get(0);
        assertThat(transferred.callId()).isEqualTo("1735812000.10");
        assertThat(transferred.legCount()).isEqualTo(2);
        assertThat(transferred.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(transferred.agentExtension()).isEqualTo("8001");
        assertThat(transferred.billSeconds()).isEqualTo(110);
        assertThat(transferred.durationSeconds()).isEqualTo(120);
        CallRecord outboundMissed = calls.get(1);
        assertThat(outboundMissed.status()).isEqualTo(CallStatus.MISSED);
        assertThat(outboundMissed.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(outboundMissed.callbackNeeded()).as("outbound calls never need a callback").isFalse();
    }

    @Test
    void aFileMixingColumnCountsReportsTheOddRows() {
        String good = row("13800138000", "8001", "from-trunk", "SIP/t-1", "SIP/8001-1", "Dial",
                "2025-01-02 10:00:00", "2025-01-02 10:00:03", "2025-01-02 10:00:33", 33, 30, "ANSWERED", "1.1");
        String sixteen = "\"\",\"1\",\"2\",\"c\",\"\",\"\",\"\",\"Dial\",\"\",\"2025-01-02 10:00:00\",,"
                + "\"2025-01-02 10:00:01\",1,0,\"NO ANSWER\",\"DOCUMENTATION\"\n";
        CdrReadResult r = TestFiles.read(AST, good + sixteen + good.replace("\"1.1\"", "\"1.2\""));
        assertThat(r.rows()).extracting(CdrRow::line).containsExactly(1L, 3L);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.file()).isEqualTo("inline.csv");
            assertThat(e.reason()).contains("wrong column count").contains("18").contains("16");
        });
    }

    @Test
    void dispositionsMapToTheSmallStatusSet() {
        CallAssembler a = new CallAssembler();
        String start = "2025-01-02 10:00:00";
        String end = "2025-01-02 10:00:20";
        Map<String, CallStatus> cases = Map.of(
                "ANSWERED", CallStatus.ANSWERED,
                "NO ANSWER", CallStatus.MISSED,
                "CANCEL", CallStatus.MISSED,
                "BUSY", CallStatus.BUSY,
                "FAILED", CallStatus.FAILED,
                "CONGESTION", CallStatus.FAILED);
        cases.forEach((disp, expected) -> {
            String answer = disp.equals("ANSWERED") ? "2025-01-02 10:00:02" : "";
            CdrRow r = TestFiles.read(AST, row("13800138000", "8001", "from-trunk", "SIP/t-1", "SIP/8001-1", "Dial",
                    start, answer, end, 20, answer.isEmpty() ? 0 : 18, disp, "9.9")).rows().get(0);
            assertThat(a.legStatus(r)).as(disp).isEqualTo(expected);
        });
    }

    @Test
    void voicemailAfterUnansweredRingingIsVoicemailAndNeedsCallback() {
        CallRecord c = single(
                row("13800138000", "8001", "from-trunk", "SIP/t-1", "SIP/8001-1", "Dial",
                        "2025-01-02 10:00:00", "", "2025-01-02 10:00:20", 20, 0, "NO ANSWER", "5.5")
                        + row("13800138000", "8001", "from-trunk", "SIP/t-1", "", "VoiceMail",
                        "2025-01-02 10:00:00", "2025-01-02 10:00:20", "2025-01-02 10:00:50", 50, 30, "ANSWERED", "5.5"));
        assertThat(c.status()).isEqualTo(CallStatus.VOICEMAIL);
        assertThat(c.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(c.callbackNeeded()).isTrue();
        assertThat(c.agentExtension()).isNull();
        assertThat(c.durationSeconds()).isEqualTo(50);
    }

    @Test
    void callerHangingUpInTheQueueIsAMissedAbandonedCall() {
        CallRecord c = single(row("13800138000", "600", "from-trunk", "SIP/t-1", "", "Queue",
                "2025-01-02 10:00:00", "2025-01-02 10:00:00", "2025-01-02 10:01:30", 90, 90, "ANSWERED", "7.7"));
        assertThat(c.status()).isEqualTo(CallStatus.MISSED);
        assertThat(c.callbackNeeded()).isTrue();
    }

    @Test
    void inboundCallToADidIsAnsweredByTheAgentOnTheBridgedChannel() {
        CallAssembler a = new CallAssembler(CallAssembler.Config.builder()
                .ownNumbers(Set.of("+861065529988")).build());
        CdrReadResult r = TestFiles.read(AST,
                row("13800138000", "01065529988", "from-trunk", "SIP/trunk-1", "SIP/8001-0000001a", "Dial",
                        "2025-01-02 10:00:00", "2025-01-02 10:00:04", "2025-01-02 10:00:34", 34, 30, "ANSWERED",
                        "8.8"));
        CallRecord c = a.assemble(r.rows()).get(0);
        assertThat(c.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(c.to().value()).isEqualTo("+861065529988");
        assertThat(c.agentExtension()).isEqualTo("8001");
    }

    @Test
    void directionFollowsExtensionsOwnNumbersAndContextOverrides() {
        CallAssembler a = new CallAssembler(CallAssembler.Config.builder()
                .ownNumbers(Set.of("+861065529988"))
                .contextDirections(Map.of("from-pstn-out", CallDirection.OUTBOUND)).build());
        String s = "2025-01-02 10:00:00";
        String e = "2025-01-02 10:00:10";
        assertThat(a.assemble(TestFiles.read(AST, row("8001", "8002", "internal", "", "", "Dial", s, s, e, 10, 10,
                "ANSWERED", "1")).rows()).get(0).direction()).isEqualTo(CallDirection.INTERNAL);
        assertThat(a.assemble(TestFiles.read(AST, row("8001", "13800138000", "internal", "", "", "Dial", s, s, e, 10,
                10, "ANSWERED", "2")).rows()).get(0).direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(a.assemble(TestFiles.read(AST, row("13800138000", "8001", "x", "", "", "Dial", s, s, e, 10, 10,
                "ANSWERED", "3")).rows()).get(0).direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(a.assemble(TestFiles.read(AST, row("010-6552-9988", "13800138000", "x", "", "", "Dial", s, s, e,
                10, 10, "ANSWERED", "4")).rows()).get(0).direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(a.assemble(TestFiles.read(AST, row("13900000000", "13800138000", "from-pstn-out", "", "", "Dial",
                s, s, e, 10, 10, "ANSWERED", "5")).rows()).get(0).direction()).isEqualTo(CallDirection.OUTBOUND);
    }

    @Test
    void anonymousMissedCallerCannotBeCalledBack() {
        CallRecord c = single(row("anonymous", "8001", "from-trunk", "SIP/t-1", "SIP/8001-1", "Dial",
                "2025-01-02 10:00:00", "", "2025-01-02 10:00:20", 20, 0, "NO ANSWER", "6.6"));
        assertThat(c.from().type()).isEqualTo(NormalizedNumber.Type.ANONYMOUS);
        assertThat(c.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(c.status()).isEqualTo(CallStatus.MISSED);
        assertThat(c.callbackNeeded()).isFalse();
    }

    @Test
    void callIdPrefixSeparatesPbxInstances() {
        CallAssembler a = new CallAssembler(CallAssembler.Config.builder().callIdPrefix("pbx-bj:").build());
        CdrReadResult r = TestFiles.read(AST, row("13800138000", "8001", "c", "", "", "Dial",
                "2025-01-02 10:00:00", "", "2025-01-02 10:00:20", 20, 0, "NO ANSWER", "1700000000.1"));
        assertThat(a.assemble(r.rows()).get(0).callId()).isEqualTo("pbx-bj:1700000000.1");
    }

    @Test
    void channelUserIsTakenFromCommonChannelNames() {
        assertThat(CallAssembler.channelUser("SIP/201-00000abc")).isEqualTo("201");
        assertThat(CallAssembler.channelUser("PJSIP/8001-0000001a")).isEqualTo("8001");
        assertThat(CallAssembler.channelUser("Local/201@from-queue-00000001;1")).isEqualTo("201");
        assertThat(CallAssembler.channelUser("sofia/internal/1001@10.0.0.1")).isEqualTo("1001");
        assertThat(CallAssembler.channelUser("NOT_AVAILABLE")).isNull();
        assertThat(CallAssembler.channelUser("")).isNull();
    }
}
