package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CallEventTest {

    private static Map<String, Object> valid() {
        Map<String, Object> m = new HashMap<>();
        m.put("callId", "c-1");
        m.put("from", "+8613800138000");
        m.put("to", "8001");
        m.put("direction", "inbound");
        m.put("status", "ANSWERED");
        m.put("startedAt", "2025-01-02T10:00:00+08:00");
        m.put("answeredAt", "2025-01-02T10:00:05+08:00");
        m.put("endedAt", "2025-01-02T02:01:05Z");
        m.put("durationSeconds", 65);
        m.put("recordingUrl", "https://rec.example/c-1.wav");
        m.put("agentId", "8001");
        m.put("somethingNew", "ignored");
        return m;
    }

    @Test
    void validEventParsesWithEnumsCaseInsensitiveAndInstantsNormalised() {
        assertThat(CallEvent.validate(valid())).isEmpty();
        CallEvent e = CallEvent.fromMap(valid());
        assertThat(e.direction()).isEqualTo(CallDirection.INBOUND);
        assertThat(e.status()).isEqualTo(CallStatus.ANSWERED);
        assertThat(e.startedAt()).isEqualTo(Instant.parse("2025-01-02T02:00:00Z"));
        assertThat(e.durationSeconds()).isEqualTo(65L);
        assertThat(CallEvent.fromMap(e.toMap())).isEqualTo(e);
        assertThat(e.toMap()).containsEntry("status", "answered").doesNotContainKey("somethingNew");
    }

    @Test
    void minimalEventNeedsOnlyTheRequiredFields() {
        Map<String, Object> m = Map.of("callId", "c-2", "from", "anonymous", "to", "8001",
                "direction", "inbound", "status", "missed", "startedAt", "2025-01-02T10:00:00Z");
        CallEvent e = CallEvent.fromMap(m);
        assertThat(e.answeredAt()).isNull();
        assertThat(e.durationSeconds()).isNull();
        assertThat(e.toMap()).containsOnlyKeys("callId", "from", "to", "direction", "status", "startedAt");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        for (String field : new String[] {"callId", "from", "to", "direction", "status", "startedAt"}) {
            Map<String, Object> m = valid();
            m.remove(field);
            assertThat(CallEvent.validate(m)).as(field)
                    .containsExactly(new CallEvent.FieldProblem(field, "missing"));
        }
    }

    @Test
    void invalidFieldsAreNamedWithTheReason() {
        Map<String, Object> m = valid();
        m.put("callId", "  ");
        m.put("direction", "sideways");
        m.put("status", 3);
        m.put("startedAt", "2025-01-02 10:00:00");
        m.put("durationSeconds", -1);
        m.put("recordingUrl", "ftp://rec.example/x");
        m.put("agentId", 8001);
        assertThatThrownBy(() -> CallEvent.fromMap(m))
                .isInstanceOfSatisfying(CallEvent.InvalidCallEventException.class, ex -> {
                    assertThat(ex.problems()).extracting(CallEvent.FieldProblem::field).containsExactly(
                            "callId", "direction", "status", "startedAt", "durationSeconds", "recordingUrl", "agentId");
                    assertThat(ex.getMessage()).contains("direction: must be one of [inbound, outbound, internal]");
                    assertThat(ex.getMessage()).contains("startedAt: not an ISO-8601 date-time with offset");
                });
    }

    @Test
    void timesMustBeInOrder() {
        Map<String, Object> m = valid();
        m.put("endedAt", "2025-01-02T09:59:59+08:00");
        assertThat(CallEvent.validate(m)).extracting(CallEvent.FieldProblem::reason)
                .containsExactly("before startedAt", "before answeredAt");
    }

    @Test
    void durationAcceptsWholeJsonNumbersOnly() {
        Map<String, Object> m = valid();
        m.put("durationSeconds", 65L);
        assertThat(CallEvent.validate(m)).isEmpty();
        m.put("durationSeconds", new BigDecimal("65.0"));
        assertThat(CallEvent.validate(m)).isEmpty();
        m.put("durationSeconds", 65.5);
        assertThat(CallEvent.validate(m)).containsExactly(new CallEvent.FieldProblem("durationSeconds", "must be an integer"));
        m.put("durationSeconds", "65");
        assertThat(CallEvent.validate(m)).containsExactly(new CallEvent.FieldProblem("durationSeconds", "must be an integer"));
    }

    @Test
    void nullBodyIsRejected() {
        assertThat(CallEvent.validate(null)).containsExactly(new CallEvent.FieldProblem("$", "body must be a JSON object"));
    }
}
