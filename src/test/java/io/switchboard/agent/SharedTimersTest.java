package io.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.testing.GatewayInfrastructure;
import io.switchboard.testing.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances (two loops in one consumer group, one broker, one database) share the SLA
 * timers by partition; when one stops, the other fires its timers, and no escalation goes out twice.
 */
class SharedTimersTest {

    private static final ObjectMapper JSON = AgentLoopTestBed.JSON;
    private static AgentLoopTestBed bed;
    private static AgentFloorFixture floor;

    @BeforeAll
    static void start() throws Exception {
        bed = new AgentLoopTestBed(List.of("general"));
        floor = bed.floor();
    }

    @AfterAll
    static void stop() {
        bed.close();
    }

    @Test
    void shouldFireTheTimersOfAStoppedInstanceOnTheOtherOneAndNoneTwice() throws Exception {
        AgentLoop first = loop("first");
        AgentLoop second = loop("second");
        first.start();
        second.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !first.ownedPartitions().isEmpty()
                    && !second.ownedPartitions().isEmpty()
                    && first.ownedPartitions().size() + second.ownedPartitions().size() == 6);
            Set<String> conversations = new HashSet<>();
            List<AgentFloorFixture.Contact> contacts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                AgentFloorFixture.Contact contact = floor.openConversation("general", "medium", Duration.ofSeconds(10),
                        Duration.ofHours(1), null, List.of());
                contacts.add(contact);
                conversations.add(contact.conversationId().toString());
            }
            floor.routeAll(contacts);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> first.scheduledTimers() > 0 && second.scheduledTimers() > 0);

            first.close();

            List<ConsumerRecord<String, byte[]>> escalations = TopicReader.read(GatewayInfrastructure.bootstrapServers(),
                    "switchboard.escalations", r -> conversations.contains(r.key()), 24 * 3, Duration.ofSeconds(60));
            Thread.sleep(3000);
            escalations = TopicReader.read(GatewayInfrastructure.bootstrapServers(), "switchboard.escalations",
                    r -> conversations.contains(r.key()), 24 * 3, Duration.ofSeconds(10));

            AgentLoopTestBed.assertOneOfEachPerConversation(escalations, conversations);
            assertThat(second.ownedPartitions()).hasSize(6);
        } finally {
            first.close();
            second.close();
        }
    }

    @Test
    void shouldFireATimerThatCameDueWhileNoInstanceRanAsSoonAsOneStarts() throws Exception {
        AgentFloorFixture.Contact contact = floor.openConversation("general", "low", Duration.ofSeconds(2),
                Duration.ofHours(72), null, List.of());
        AgentLoop before = loop("before");
        before.start();
        try {
            floor.route(contact);
            await().atMost(Duration.ofSeconds(60)).until(() -> before.scheduledTimers() > 0);
        } finally {
            before.close();
        }
        Thread.sleep(Math.max(0, Duration.between(java.time.Instant.now(), contact.respondBy()).toMillis()) + 1500);
        String key = contact.conversationId().toString();
        assertThat(TopicReader.read(GatewayInfrastructure.bootstrapServers(), "switchboard.escalations",
                TopicReader.keyIs(key), 1, Duration.ofSeconds(2))).as("nobody owned the timer yet").isEmpty();

        AgentLoop after = loop("after");
        after.start();
        try {
            List<ConsumerRecord<String, byte[]>> late = TopicReader.read(GatewayInfrastructure.bootstrapServers(),
                    "switchboard.escalations", TopicReader.keyIs(key), 3, Duration.ofSeconds(60));
            assertThat(late).extracting(r -> JSON.readTree(r.value()).get("type").asText())
                    .containsExactlyInAnyOrder("sla-warning", "sla-breach", "escalated");
        } finally {
            after.close();
        }
    }

    @Test
    void shouldFireTimersThatCameDueDuringABrokerOutageOnceItIsBackWithStableEventIds() throws Exception {
        AgentFloorFixture.Contact contact = floor.openConversation("general", "high", Duration.ofSeconds(3),
                Duration.ofHours(24), null, List.of());
        AgentLoop loop = loop("outage");
        loop.start();
        try {
            floor.route(contact);
            await().atMost(Duration.ofSeconds(60)).until(() -> loop.scheduledTimers() > 0);
            GatewayInfrastructure.stopBroker();
            try {
                // longer than the loop's delivery timeout: the firing transaction rolls back and is retried
                Thread.sleep(Math.max(0, Duration.between(java.time.Instant.now(), contact.respondBy()).toMillis()) + 18_000);
            } finally {
                GatewayInfrastructure.restartBroker();
            }
            String key = contact.conversationId().toString();
            TopicReader.read(GatewayInfrastructure.bootstrapServers(), "switchboard.escalations", TopicReader.keyIs(key),
                    3, Duration.ofSeconds(90));
            Thread.sleep(2000);
            List<ConsumerRecord<String, byte[]>> escalations = TopicReader.read(GatewayInfrastructure.bootstrapServers(),
                    "switchboard.escalations", TopicReader.keyIs(key), 3, Duration.ofSeconds(10));
            // fired into the outbox during the outage, published by the relay once the broker is back: once each
            AgentLoopTestBed.assertOneOfEachPerConversation(escalations, List.of(key));
        } finally {
            loop.close();
        }
    }

    private static AgentLoop loop(String name) {
        return bed.loop(name, "shared-timers-test", new SimpleMeterRegistry(), Duration.ofSeconds(1));
    }
}
