package io.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentLoopSettingsTest {

    @Test
    void shouldRefuseASurveyDelayBeyond24HoursAndAWarningOutsideTheSla() {
        assertThatThrownBy(() -> new AgentLoopSettings("g", 500, 0.8, Duration.ofHours(25), 500, Duration.ofSeconds(1), 500))
                .hasMessageContaining("switchboard.escalation.survey-delay must be between PT0S and PT24H");
        assertThatThrownBy(() -> new AgentLoopSettings("g", 500, 1.5, Duration.ZERO, 500, Duration.ofSeconds(1), 500))
                .hasMessageContaining("switchboard.escalation.warn-fraction must be in (0, 1]");
        assertThatThrownBy(() -> new AgentLoopSettings("g", 500, 0.8, Duration.ofSeconds(-1), 500, Duration.ofSeconds(1), 500))
                .hasMessageContaining("survey-delay");
    }

    @Test
    void shouldRefuseARelayThatWouldSpinOrNeverLookAndAnEmptyRelayBatch() {
        assertThatThrownBy(() -> new AgentLoopSettings("g", 500, 0.8, Duration.ZERO, 500, Duration.ZERO, 500))
                .hasMessageContaining("switchboard.escalation.relay-poll-interval must be between");
        assertThatThrownBy(() -> new AgentLoopSettings("g", 500, 0.8, Duration.ZERO, 500, Duration.ofMinutes(2), 500))
                .hasMessageContaining("relay-poll-interval");
        assertThatThrownBy(() -> new AgentLoopSettings("g", 500, 0.8, Duration.ZERO, 500, Duration.ofSeconds(1), 0))
                .hasMessageContaining("switchboard.escalation.relay-batch must be at least 1");
    }
}
