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

    private static final Instant RECEIVED = Instant.parse("2026-11-23T09:00:00Z");

    private final Triage triage = new Triage("general", Set.of("email.bounce"));

    @Test
    void shouldSendToTheDefaultQueueAndKeepAKnownCustomerClass() {
        ContactRecord record = triage.triage(contact(List.of()));
        assertThat(record.queue()).isEqualTo("general");
        assertThat(record.customer().customerClass()).isNull();
        ContactRecord vip = triage.triage(contact(List.of()).toBuilder()
                .customer(new ContactRecord.CustomerRef(null, "vip")).build());
        assertThat(vip.customer().customerClass()).isEqualTo("vip");
        assertThat(vip.customer().id()).isEqualTo(record.customer().id());
    }

    @Test
    void shouldKeyTheSameSenderToTheSameCustomerAcrossMessages() {
        String first = triage.triage(contact(List.of())).customer().id();
        String second = triage.triage(contact(List.of()).toBuilder().id("other").build()).customer().id();
        assertThat(first).isEqualTo(second);
        assertThat(Triage.customerIdOf(new Identity("chat-visitor", "v-2"))).isNotEqualTo(first);
    }

    @Test
    void shouldKeepLoopGuardTaggedRecordsOffAgentQueues() {
        assertThat(triage.triage(contact(List.of("email.bounce"))).queue()).isNull();
    }

    private static ContactRecord contact(List<String> tags) {
        return ContactRecord.builder().id("r-1").channel(Channel.CHAT).receivedAt(RECEIVED).channelMessageId("m-1")
                .from(new Identity("chat-visitor", "v-1")).tags(tags).build();
    }
}
