package io.switchboard.routing;

import static io.switchboard.routing.QueueWorkflowTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.ContactRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueRouterTest {

    private static final String CONVERSATION = "00000000-0000-0000-0000-0000000000c1";
    private static final Set<String> UNROUTED = Set.of("email.bounce");
    private static final QueueWorkflow WORKFLOW = QueueWorkflowTest.parse("""
            priority: {default-priority: medium}
            queues:
              - name: general
              - name: vip
                skills: {vip: true}
                overflow: {max-waiting: 2, max-wait: PT15M, to: general}
              - name: english
                skills: {languages: [en]}
            workflow:
              - id: vip-first
                when: {customer-class: [vip]}
                targets: [{queue: vip, after: PT10M}, {queue: general}]
            default: {queue: general, escalate-to: vip}
            stickiness: {enabled: true, require-fit: true}
            """);
    private static final ContactRecord VIP = record(b -> b.customer(new ContactRecord.CustomerRef("c", "vip")));

    @Test
    void shouldRecordTheRuleTheReasonAndTheRemainingTargets() {
        ContactRecord routed = route(VIP, Map.of(), new QueueBacklogs(Map.of()));
        assertThat(routed.queue()).isEqualTo("vip");
        assertThat(routed.preferredAgent()).isNull();
        assertThat(routed.routing()).isEqualTo(new ContactRecord.Routing("vip-first", "rule", "vip",
                List.of(new ContactRecord.NextTarget("general", "PT10M"))));
        assertThat(route(record(b -> b), Map.of(), new QueueBacklogs(Map.of())).routing())
                .isEqualTo(new ContactRecord.Routing("default", "default", "vip", List.of()));
    }

    @Test
    void shouldKeepTheChannelsOwnPreferredAgentUnlessAStickyConversationNamesOne() {
        ContactRecord call = record(b -> b.preferredAgent("ext-8001"));
        assertThat(route(call, Map.of(), new QueueBacklogs(Map.of())).preferredAgent()).isEqualTo("ext-8001");
        assertThat(route(call, Map.of(CONVERSATION, new FloorReader.Assignment("general", "agent-7", false)),
                new QueueBacklogs(Map.of())).preferredAgent()).isEqualTo("agent-7");
        ContactRecord unclaimed = route(call, Map.of(CONVERSATION, new FloorReader.Assignment("general", null, false)),
                new QueueBacklogs(Map.of()));
        assertThat(unclaimed.routing().reason()).isEqualTo("sticky");
        assertThat(unclaimed.preferredAgent()).as("nobody claimed the conversation yet").isEqualTo("ext-8001");
    }

    @Test
    void shouldKeepMachineMailOffAgentQueues() {
        ContactRecord bounce = route(record(b -> b.tags(List.of("email.bounce"))), Map.of(), new QueueBacklogs(Map.of()));
        assertThat(bounce.queue()).isNull();
        assertThat(bounce.routing()).isNull();
    }

    @Test
    void shouldStickToTheConversationsQueueAndAgentWhileTheAgentIsOnline() {
        ContactRecord sticky = route(record(b -> b.language("en")),
                Map.of(CONVERSATION, new FloorReader.Assignment("english", "agent-7", false)), new QueueBacklogs(Map.of()));
        assertThat(sticky.queue()).isEqualTo("english");
        assertThat(sticky.preferredAgent()).isEqualTo("agent-7");
        assertThat(sticky.routing().reason()).isEqualTo("sticky");
    }

    @Test
    void shouldRouteAfreshWhenTheAgentWentOfflineOrTheQueueNoLongerFits() {
        ContactRecord offline = route(record(b -> b.language("en")),
                Map.of(CONVERSATION, new FloorReader.Assignment("english", "agent-7", true)), new QueueBacklogs(Map.of()));
        assertThat(offline.queue()).isEqualTo("general");
        assertThat(offline.preferredAgent()).isNull();
        ContactRecord unfit = route(record(b -> b.language("zh")),
                Map.of(CONVERSATION, new FloorReader.Assignment("english", "agent-7", false)), new QueueBacklogs(Map.of()));
        assertThat(unfit.queue()).isEqualTo("general");
        assertThat(unfit.routing().reason()).isEqualTo("default");
    }

    @Test
    void shouldStickToTheQueueWithoutAnAgentBeforeAnyoneClaimedIt() {
        ContactRecord waiting = route(record(b -> b),
                Map.of(CONVERSATION, new FloorReader.Assignment("english", null, false)), new QueueBacklogs(Map.of()));
        assertThat(waiting.queue()).isEqualTo("english");
        assertThat(waiting.preferredAgent()).isNull();
    }

    @Test
    void shouldOverflowWhenTooManyWaitIncludingWhatThisInstanceJustRouted() {
        QueueBacklogs backlogs = new QueueBacklogs(Map.of("vip", new FloorReader.Backlog(1, Duration.ofMinutes(1))));
        assertThat(route(VIP, Map.of(), backlogs).queue()).isEqualTo("vip");
        ContactRecord second = route(VIP, Map.of(), backlogs);
        assertThat(second.queue()).isEqualTo("general");
        assertThat(second.routing().reason()).isEqualTo("overflow");
    }

    @Test
    void shouldOverflowWhenTheOldestWaitedTooLong() {
        QueueBacklogs backlogs = new QueueBacklogs(Map.of("vip", new FloorReader.Backlog(1, Duration.ofMinutes(16))));
        assertThat(route(VIP, Map.of(), backlogs).queue()).isEqualTo("general");
    }

    private static ContactRecord route(ContactRecord record, Map<String, FloorReader.Assignment> assignments,
            QueueBacklogs backlogs) {
        return QueueRouter.route(record, WORKFLOW, assignments, backlogs, UNROUTED);
    }
}
