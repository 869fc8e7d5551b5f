package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.domain.Priority;
import io.switchboard.priority.RoutingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueWorkflowTest {

    private static final String PRIORITY = "priority: {default-priority: medium}\n";
    private static final String QUEUES = PRIORITY + """
            queues:
              - name: general
              - name: vip
                skills: {vip: true}
                overflow: {max-waiting: 2, to: general}
              - name: english
                skills: {languages: [en]}
              - name: refunds
                skills: {tags: ["process.refund*"]}
              - name: supervisors
            workflow:
              - id: vip-first
                when: {customer-class: [vip]}
                targets: [{queue: vip, after: PT10M}, {queue: general}]
                escalate-to: supervisors
              - id: angry-refund
                when: {tags: ["process.refund*"], sentiment: [angry, negative]}
                targets: [{queue: refunds}]
              - id: english-night
                when: {language: [en], hours: {zone: Asia/Shanghai, from: "22:00", to: "07:00"}}
                targets: [{queue: english}]
            default: {queue: general, escalate-to: supervisors}
            """;

    private final QueueWorkflow workflow = parse(QUEUES);

    @Test
    void shouldPickTheFirstMatchingRuleWithItsRemainingTargets() {
        QueueWorkflow.Choice vip = workflow.choose(record(b -> b.customer(new ContactRecord.CustomerRef("c", "vip"))
                .tags(List.of("process.refund")).sentiment(new ContactRecord.Sentiment("angry", -0.9))));
        assertThat(vip).isEqualTo(new QueueWorkflow.Choice("vip-first", "vip",
                List.of(new QueueWorkflow.NextTarget("general", Duration.ofMinutes(10))), "supervisors"));
        QueueWorkflow.Choice refund = workflow.choose(record(b -> b.tags(List.of("process.refund.delay"))
                .sentiment(new ContactRecord.Sentiment("negative", -0.4))));
        assertThat(refund.rule()).isEqualTo("angry-refund");
        assertThat(refund.queue()).isEqualTo("refunds");
        assertThat(refund.escalationQueue()).as("the default's escalation applies").isEqualTo("supervisors");
    }

    @Test
    void shouldFallBackToTheDefaultWhenNoRuleHolds() {
        QueueWorkflow.Choice calm = workflow.choose(record(b -> b.tags(List.of("process.refund"))
                .sentiment(new ContactRecord.Sentiment("neutral", 0))));
        assertThat(calm).isEqualTo(new QueueWorkflow.Choice("default", "general", List.of(), "supervisors"));
    }

    @Test
    void shouldMatchTimeOfDayWindowsThatSpanMidnightInTheirZone() {
        // 23:30 and 06:59 in Shanghai are inside 22:00-07:00; 07:00 and noon are not
        assertThat(workflow.choose(english("2026-11-23T15:30:00Z")).queue()).isEqualTo("english");
        assertThat(workflow.choose(english("2026-11-23T22:59:00Z")).queue()).isEqualTo("english");
        assertThat(workflow.choose(english("2026-11-23T23:00:00Z")).queue()).isEqualTo("general");
        assertThat(workflow.choose(english("2026-11-24T04:00:00Z")).queue()).isEqualTo("general");
    }

    @Test
    void shouldTellWhetherAQueueHasTheSkillsARecordNeeds() {
        assertThat(workflow.queue("english").fits(record(b -> b.language("en")))).isTrue();
        assertThat(workflow.queue("english").fits(record(b -> b.language("zh")))).isFalse();
        assertThat(workflow.queue("refunds").fits(record(b -> b.tags(List.of("product.fault.battery"))))).isFalse();
        assertThat(workflow.queue("vip").fits(record(b -> b.customer(new ContactRecord.CustomerRef("c", "regular")))))
                .isFalse();
        assertThat(workflow.queue("general").fits(record(b -> b.language("fr")))).isTrue();
    }

    @Test
    void shouldRefuseInvalidWorkflowsNamingThePath() {
        assertThatThrownBy(() -> parse(QUEUES.replace("targets: [{queue: refunds}]", "targets: [{queue: refund}]")))
                .hasMessageContaining("workflow[1] (angry-refund).targets[0].queue: unknown queue 'refund'");
        assertThatThrownBy(() -> parse(QUEUES.replace("id: english-night", "id: vip-first")))
                .hasMessageContaining("unique id");
        assertThatThrownBy(() -> parse(QUEUES.replace("{queue: vip, after: PT10M}", "{queue: vip}")))
                .hasMessageContaining("needs a positive 'after' because another target follows it");
        assertThatThrownBy(() -> parse(QUEUES.replace("  - name: supervisors\n",
                "  - name: supervisors\n    overflow: {max-waiting: 1, to: vip}\n").replace("max-waiting: 2, to: general",
                "max-waiting: 2, to: supervisors")))
                .hasMessageContaining("overflow goes round in a circle");
        assertThatThrownBy(() -> parse(QUEUES.replace("from: \"22:00\"", "from: \"25:00\"")))
                .hasMessageContaining("routing");
        assertThatThrownBy(() -> parse(QUEUES.replace("customer-class: [vip]", "customer-klass: [vip]")))
                .hasMessageContaining("customer-klass");
        assertThatThrownBy(() -> parse(QUEUES.replace("name: english", "name: English Desk")))
                .hasMessageContaining("queues[2].name");
        assertThatThrownBy(() -> parse(QUEUES.replace("- name: supervisors", "- name: general")))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> parse(QUEUES.replace("priority: {default-priority: medium}",
                "priority: {default-priority: medium}\nworkflow: []")))
                .hasMessageContaining("workflow");
    }

    @Test
    void shouldServeOneDefaultQueueWhenTheFileDeclaresNone() {
        QueueWorkflow bare = parse(PRIORITY);
        assertThat(bare.queueNames()).containsExactly("general");
        assertThat(bare.choose(record(b -> b)).queue()).isEqualTo("general");
    }

    @Test
    void shouldLoadTheShippedRoutingFile() throws Exception {
        QueueWorkflow shipped = parse(Files.readString(Path.of("config/routing.yaml")));
        assertThat(shipped.queueNames()).contains("general", "vip", "supervisors");
        assertThat(shipped.choose(record(b -> b.customer(new ContactRecord.CustomerRef("c", "vip")))).queue())
                .isEqualTo("vip");
        assertThat(shipped.choose(record(b -> b)).escalationQueue()).isEqualTo("supervisors");
    }

    static QueueWorkflow parse(String yaml) {
        return RoutingPolicy.parse(yaml, Map.of(), "general").workflow();
    }

    private static ContactRecord english(String at) {
        return record(b -> b.language("en").receivedAt(Instant.parse(at)));
    }

    static ContactRecord record(java.util.function.UnaryOperator<ContactRecord.Builder> edit) {
        return edit.apply(ContactRecord.builder().id("00000000-0000-0000-0000-000000000001").channel(Channel.CHAT)
                .receivedAt(Instant.parse("2026-11-23T04:00:00Z")).channelMessageId("m-1")
                .from(new Identity("chat-visitor", "v-1")).tags(List.of()).priority(Priority.MEDIUM)
                .conversationId("00000000-0000-0000-0000-0000000000c1")
                .customer(new ContactRecord.CustomerRef("c", "returning"))).build();
    }
}
