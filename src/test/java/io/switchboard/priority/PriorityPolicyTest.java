package io.switchboard.priority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The shipped config/routing.yaml: the priority table of docs/contract.md ("Business rules") and its SLA deadlines. */
class PriorityPolicyTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T09:00:00Z");
    static String shipped;
    static RoutingPolicy policy;

    @BeforeAll
    static void load() throws IOException {
        shipped = Files.readString(Path.of("config/routing.yaml"));
        policy = RoutingPolicy.parse(shipped, Map.of(), "general");
    }

    @ParameterizedTest(name = "{0} / {1} / {2} → {3}")
    @CsvSource(delimiter = '|', value = {
        // tags                                         | sentiment | class   | priority | respond | resolve
        "service.complaint.major                        | negative  |         | high     | PT1H    | PT24H",
        "product.outage                                 | neutral   |         | high     | PT1H    | PT24H",
        "process.refund                                 | neutral   |         | medium   | PT2H    | PT48H",
        "service.enquiry.general                        | neutral   |         | medium   | PT2H    | PT48H",
        "product.suggestion                             | positive  |         | low      | PT4H    | PT72H",
        "product.function.how-to                        | neutral   | regular | low      | PT4H    | PT72H",
        "product.info.price                             | neutral   |         | low      | PT4H    | PT72H",
        "product.info.price;process.refund              | neutral   |         | medium   | PT2H    | PT48H",
        "service.complaint.general                      | negative  | vip     | high     | PT1H    | PT24H",
        "service.complaint.general                      | angry     |         | high     | PT1H    | PT24H",
        "product.suggestion                             | angry     |         | medium   | PT2H    | PT48H",
        "product.suggestion                             | angry     | VIP     | high     | PT1H    | PT24H",
        "product.outage                                 | angry     | vip     | high     | PT1H    | PT24H",
        "phone.callback-needed                          | neutral   |         | high     | PT1H    | PT24H",
        "phone.callback-needed;product.function.how-to  | neutral   |         | medium   | PT2H    | PT48H",
        "email.bounce                                   | neutral   |         | medium   | PT2H    | PT48H",
    })
    void shouldFollowThePriorityTable(String tags, String sentiment, String customerClass, String priority,
            Duration respond, Duration resolve) {
        Priority expected = Priority.fromWireName(priority);
        ContactRecord record = contact(List.of(tags.split(";")), sentiment, customerClass);
        ContactRecord prioritized = Prioritizer.prioritize(record, policy);
        assertThat(prioritized.priority()).isEqualTo(expected);
        assertThat(prioritized.sla().respondBy()).isEqualTo(RECEIVED.plus(respond));
        assertThat(prioritized.sla().resolveBy()).isEqualTo(RECEIVED.plus(resolve));
        assertThat(prioritized.priorityReasons()).isNotEmpty()
                .last().asString().startsWith("sla " + expected.wireName());
    }

    @Test
    void shouldSayWhichRulesAndRaisesDecided() {
        ContactRecord r = Prioritizer.prioritize(contact(List.of("service.complaint.general", "process.refund"),
                "angry", "vip"), policy);
        assertThat(r.priorityReasons()).containsExactly(
                "rule enquiry-or-request → medium (tags service.complaint.general, process.refund)",
                "raise angry-customer: medium → high (sentiment angry)",
                "raise vip-customer: high → high (customer class vip)",
                "sla high: respond within PT1H, resolve within PT24H");
        assertThat(Prioritizer.prioritize(contact(List.of(), "neutral", null), policy).priorityReasons())
                .first().isEqualTo("default medium: no priority rule matched");
    }

    @Test
    void shouldLetContractPropertiesOverrideTheFileTable() {
        RoutingPolicy overridden = RoutingPolicy.parse(shipped, Map.of(Priority.HIGH,
                new RoutingPolicy.Override(Optional.of(Duration.ofMinutes(15)), Optional.empty())), "general");
        assertThat(overridden.sla().target(Priority.HIGH))
                .isEqualTo(new SlaTable.Target(Duration.ofMinutes(15), Duration.ofHours(24)));
        RoutingPolicy fromFile = RoutingPolicy.parse(shipped.replace("high:   {respond-within: PT1H",
                "high:   {respond-within: PT30M"), Map.of(), "general");
        assertThat(fromFile.sla().target(Priority.HIGH).respondWithin()).isEqualTo(Duration.ofMinutes(30));
        RoutingPolicy noSection = RoutingPolicy.parse("priority: {default-priority: low}", Map.of(), "general");
        assertThat(noSection.sla().target(Priority.LOW)).isEqualTo(SlaTable.CONTRACT_DEFAULTS.get(Priority.LOW));
    }

    @Test
    void shouldStopTheClockOutsideBusinessHoursAcrossTheWeekend() {
        RoutingPolicy bh = RoutingPolicy.parse(shipped.replace("enabled: false", "enabled: true"), Map.of(), "general");
        // Friday 2026-11-27 17:30 in Shanghai = 09:30Z; desk open 09:00-18:00 Mon-Fri
        Instant fridayEvening = Instant.parse("2026-11-27T09:30:00Z");
        ContactRecord.Sla medium = bh.sla().deadlines(Priority.MEDIUM, fridayEvening);
        // 30 min on Friday, 1 h 30 on Monday from 09:00
        assertThat(medium.respondBy()).isEqualTo(Instant.parse("2026-11-30T02:30:00Z")); // Mon 10:30
        // 48 working hours: 0.5 h Friday + 5 days x 9 h (Mon-Fri) = 45.5 h, then 2.5 h on the next Monday
        assertThat(medium.resolveBy()).isEqualTo(Instant.parse("2026-12-07T03:30:00Z")); // Mon 11:30
        // high is not on the calendar: around the clock
        assertThat(bh.sla().deadlines(Priority.HIGH, fridayEvening).respondBy())
                .isEqualTo(fridayEvening.plus(Duration.ofHours(1)));
        // Saturday arrival starts counting on Monday morning
        assertThat(bh.sla().deadlines(Priority.LOW, Instant.parse("2026-11-28T03:00:00Z")).respondBy())
                .isEqualTo(Instant.parse("2026-11-30T05:00:00Z")); // Mon 13:00
    }

    @Test
    void shouldSkipHolidaysAndWorkOnExtraWorkingDays() {
        RoutingPolicy bh = RoutingPolicy.parse(shipped.replace("enabled: false", "enabled: true")
                .replace("extra-working-days: []", "extra-working-days: [2026-10-10]"), Map.of(), "general");
        // Wednesday 2026-09-30 17:00 Shanghai; 1-2 Oct holidays, 3-4 weekend, 5-7 holidays, 8-9 working
        ContactRecord.Sla low = bh.sla().deadlines(Priority.LOW, Instant.parse("2026-09-30T09:00:00Z"));
        assertThat(low.respondBy()).isEqualTo(Instant.parse("2026-10-08T04:00:00Z")); // Thu 8 Oct 12:00
        // Saturday 10 Oct is an extra working day
        ContactRecord.Sla sat = bh.sla().deadlines(Priority.LOW, Instant.parse("2026-10-10T01:00:00Z"));
        assertThat(sat.respondBy()).isEqualTo(Instant.parse("2026-10-10T05:00:00Z"));
    }

    @Test
    void shouldRejectInvalidPolicies() {
        assertThatThrownBy(() -> RoutingPolicy.parse("queues: {}", Map.of(), "general")).hasMessageContaining("priority:");
        assertThatThrownBy(() -> RoutingPolicy.parse(shipped.replace("set: high", "set: urgent"), Map.of(), "general"))
                .hasMessageContaining("'urgent' is not high, medium or low");
        assertThatThrownBy(() -> RoutingPolicy.parse(shipped.replace("levels: 1", "levles: 1"), Map.of(), "general"))
                .hasMessageContaining("unknown key 'levles'");
        assertThatThrownBy(() -> RoutingPolicy.parse(shipped.replace("PT4H, resolve", "four hours, resolve"), Map.of(), "general"))
                .hasMessageContaining("sla");
        assertThatThrownBy(() -> RoutingPolicy.parse(shipped.replace("enabled: false", "enabled: true")
                .replace("close: \"18:00\"", "close: \"08:00\""), Map.of(), "general")).hasMessageContaining("before close");
        assertThatThrownBy(() -> RoutingPolicy.parse(shipped + "\nqueus: []\n", Map.of(), "general"))
                .hasMessageContaining("unknown section 'queus'");
    }

    private static ContactRecord contact(List<String> tags, String sentiment, String customerClass) {
        return ContactRecord.builder().id("r-1").channel(Channel.CHAT).receivedAt(RECEIVED).channelMessageId("m-1")
                .from(new Identity("chat-visitor", "v-1")).tags(tags.stream().map(String::strip).toList())
                .customer(new ContactRecord.CustomerRef("c-1", customerClass))
                .sentiment(new ContactRecord.Sentiment(sentiment, 0)).build();
    }
}
