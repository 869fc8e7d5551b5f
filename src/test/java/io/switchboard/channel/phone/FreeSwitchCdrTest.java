package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rows written by hand from the mod_cdr_csv {@code example} template (docs/protocols.md §3.2). */
class FreeSwitchCdrTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private CdrReadResult read;
    private Map<String, CallRecord> byId;

    @BeforeEach
    void readSample() throws IOException {
        read = new CdrFileReader(CdrLayout.freeswitchExample(SHANGHAI)).read(TestFiles.resource("freeswitch/Master.csv"));
        byId = new java.util.LinkedHashMap<>();
        for (CallRecord c : new CallAssembler().assemble(read.rows())) {
            byId.put(c.callId(), c);
        }
    }

    @Test
    void exampleTemplateColumnsMapToFields() {
        CdrLayout l = CdrLayout.freeswitchExample(SHANGHAI).resolveFor(15).orElseThrow();
        assertThat(l.mapping()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(CdrField.CALLER_NAME, 0), Map.entry(CdrField.SRC, 1), Map.entry(CdrField.DST, 2),
                Map.entry(CdrField.DCONTEXT, 3), Map.entry(CdrField.START, 4), Map.entry(CdrField.ANSWER, 5),
                Map.entry(CdrField.END, 6), Map.entry(CdrField.DURATION, 7), Map.entry(CdrField.BILLSEC, 8),
                Map.entry(CdrField.HANGUP_CAUSE, 9), Map.entry(CdrField.UNIQUE_ID, 10),
                Map.entry(CdrField.BLEG_UUID, 11), Map.entry(CdrField.ACCOUNT_CODE, 12),
                Map.entry(CdrField.READ_CODEC, 13), Map.entry(CdrField.WRITE_CODEC, 14)));
    }

    @Test
    void allSampleRowsParseAndTheBLegJoinsItsALeg() {
        assertThat(read.errors()).isEmpty();
        assertThat(read.rows()).hasSize(9);
        assertThat(read.layout().name()).isEqualTo("freeswitch-example-15");
        assertThat(byId).hasSize(8);
        CallRecord bridged = byId.get("0b1e5e0a-0001-4000-8000-000000000001");
        assertThat(bridged.legCount()).isEqualTo(2);
        assertThat(bridged.sourceLines()).containsExactly("Master.csv:2", "Master.csv:3");
        assertThat(bridged.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(bridged.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(bridged.from().value()).isEqualTo("+8613800138000");
        assertThat(bridged.callerName()).isEqualTo("Zhang San");
        assertThat(bridged.agentExtension()).isEqualTo("1001");
        assertThat(bridged.startedAt()).isEqualTo(Instant.parse("2025-03-03T01:00:00Z"));
        assertThat(bridged.answeredAt()).isEqualTo(Instant.parse("2025-03-03T01:00:05Z"));
        assertThat(bridged.durationSeconds()).isEqualTo(125);
        assertThat(bridged.billSeconds()).isEqualTo(120);
        assertThat(bridged.callbackNeeded()).isFalse();
    }

    @Test
    void documentationSampleRowIsAnUnansweredOutboundInternationalCall() {
        CallRecord c = byId.get("a5c9f6c0-e752-11e3-8bfb-65b6c3cdac7d");
        assertThat(c.from().type()).isEqualTo(NormalizedNumber.Type.EXTENSION);
        assertThat(c.to().value()).isEqualTo("+34688886392");
        assertThat(c.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(c.status()).isEqualTo(CallStatus.MISSED);
        assertThat(c.agentExtension()).isEqualTo("9007");
        assertThat(c.callbackNeeded()).isFalse();
        assertThat(c.durationSeconds()).isZero();
    }

    @Test
    void hangupCausesMapToStatuses() {
        assertThat(byId.get("0b1e5e0a-0002-4000-8000-000000000002").status()).isEqualTo(CallStatus.MISSED);
        assertThat(byId.get("0b1e5e0a-0002-4000-8000-000000000002").callbackNeeded()).isTrue();
        assertThat(byId.get("0b1e5e0a-0003-4000-8000-000000000003").status()).isEqualTo(CallStatus.BUSY);
        assertThat(byId.get("0b1e5e0a-0003-4000-8000-000000000003").callbackNeeded()).isTrue();
        assertThat(byId.get("0b1e5e0a-0004-4000-8000-000000000004").direction()).isEqualTo(CallDirection.INTERNAL);
        CallRecord anon = byId.get("0b1e5e0a-0005-4000-8000-000000000005");
        assertThat(anon.status()).isEqualTo(CallStatus.MISSED);
        assertThat(anon.from().type()).isEqualTo(NormalizedNumber.Type.ANONYMOUS);
        assertThat(anon.callbackNeeded()).isFalse();
        CallRecord failed = byId.get("0b1e5e0a-0006-4000-8000-000000000006");
        assertThat(failed.status()).isEqualTo(CallStatus.FAILED);
        assertThat(failed.direction()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(failed.to().value()).isEqualTo("+8675512345678");
    }

    @Test
    void quotedCallerNameWithCommaAndAccountCodeSurvive() {
        CallRecord c = byId.get("0b1e5e0a-0007-4000-8000-000000000007");
        assertThat(c.callerName()).isEqualTo("\"Chen, Liu\" VIP");
        assertThat(c.accountCode()).isEqualTo("ACME");
    }

    @Test
    void compiledInThirteenColumnTemplateWithStraySpaceIsAccepted() {
        String csv = "\"Bob\",\"13800138000\",\"1001\",\"public\",\"2025-03-03 09:00:00\",\"\",\"2025-03-03 09:00:09\","
                + "\"9\",\"0\",\"NO_ANSWER\",\"0b1e5e0a-0009-4000-8000-000000000009\",\"\", \"\"\n";
        CdrReadResult r = TestFiles.read(CdrLayout.freeswitchExample(SHANGHAI), csv);
        assertThat(r.errors()).isEmpty();
        assertThat(r.layout().name()).isEqualTo("freeswitch-example-13");
        CdrRow row = r.rows().get(0);
        assertThat(row.get(CdrField.ACCOUNT_CODE)).isEmpty();
        assertThat(row.durationSeconds()).isEqualTo(9);
        List<CallRecord> calls = new CallAssembler().assemble(r.rows());
        assertThat(calls.get(0).status()).isEqualTo(CallStatus.MISSED);
    }
}
