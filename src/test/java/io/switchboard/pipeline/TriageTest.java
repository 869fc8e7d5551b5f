package io.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriageTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T09:00:00Z");

    private final SlaPolicy sla = new SlaPolicy(Map.of(
            "high", target("PT1H", "PT24H"), "medium", target("PT2H", "PT48H"), "low", target("PT4H", "PT72H")));
    private final Triage triage = new Triage(sla, "general", Set.of("email.bounce"));

    @Test
    void shouldGiveTheDefaultPriorityItsSlaDeadlinesAndSayWhy() {
        ContactRecord record = triage.triage(contact(List.of()));
        assertThat(record.priority()).isEqualTo(Priority.MEDIUM);
        assertThat(record.sla().respondBy()).isEqualTo(RECEIVED.plus(Duration.ofHours(2)));
        assertThat(record.sla().resolveBy()).isEqualTo(RECEIVED.plus(Duration.ofHours(48)));
        assertThat(record.priorityReasons()).isNotEmpty();
        assertThat(record.queue()).isEqualTo("general");
    }

    @Test
    void shouldKeepLoopGuardTaggedRecordsOffAgentQueues() {
        assertThat(triage.triage(contact(List.of("email.bounce"))).queue()).isNull();
    }

    @Test
    void shouldUseConfiguredSlaTargetsPerPriority() {
        assertThat(sla.deadlines(Priority.HIGH, RECEIVED).respondBy()).isEqualTo(RECEIVED.plus(Duration.ofHours(1)));
        assertThat(sla.deadlines(Priority.LOW, RECEIVED).resolveBy()).isEqualTo(RECEIVED.plus(Duration.ofHours(72)));
        assertThatThrownBy(() -> new SlaPolicy(Map.of("high", target("PT1H", "PT2H"))))
                .hasMessageContaining("switchboard.sla.medium");
    }

    private static ContactRecord contact(List<String> tags) {
        return ContactRecord.builder().id("r-1").channel(Channel.CHAT).receivedAt(RECEIVED).channelMessageId("m-1")
                .from(new io.switchboard.domain.Identity("chat-visitor", "v-1")).tags(tags).build();
    }

    private static SwitchboardConfig.SlaTarget target(String respond, String resolve) {
        return new SwitchboardConfig.SlaTarget() {
            @Override
            public Duration respondWithin() {
                return Duration.parse(respond);
            }

            @Override
            public Duration resolveWithin() {
                return Duration.parse(resolve);
            }
        };
    }
}
