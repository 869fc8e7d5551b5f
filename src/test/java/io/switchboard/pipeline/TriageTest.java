package io.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriageTest {

    private final Triage triage = new Triage("general", Set.of("email.bounce"));

    @Test
    void shouldSendToTheDefaultQueueAndLeaveTheResolvedCustomerAlone() {
        ContactRecord.CustomerRef customer = new ContactRecord.CustomerRef("c-1", "vip");
        ContactRecord record = triage.triage(contact(List.of()).toBuilder().customer(customer).build());
        assertThat(record.queue()).isEqualTo("general");
        assertThat(record.customer()).isEqualTo(customer);
    }

    @Test
    void shouldKeepLoopGuardTaggedRecordsOffAgentQueues() {
        assertThat(triage.triage(contact(List.of("email.bounce"))).queue()).isNull();
    }

    private static ContactRecord contact(List<String> tags) {
        return ContactRecord.builder().id("r-1").channel(Channel.CHAT).receivedAt(Instant.parse("2026-11-23T09:00:00Z"))
                .channelMessageId("m-1").from(new Identity("chat-visitor", "v-1")).tags(tags).build();
    }
}
