package io.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.store.Database;
import io.switchboard.testing.GatewayInfrastructure;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The resolution stage and the operator actions against the real PostgreSQL and Kafka of the test infrastructure. */
@QuarkusTest
@QuarkusTestResource(value = GatewayInfrastructure.class, restrictToAnnotatedClass = true)
class CustomerResolutionTest {

    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    @Inject
    CustomerResolver resolver;

    @Inject
    CustomerOperations operations;

    @Inject
    Database database;

    @Test
    void shouldFollowOnePersonAcrossChatPhoneEmailAndWeChatAsOneCustomerAndOneConversation() throws Exception {
        String phone = newPhone();
        String email = "story-" + UUID.randomUUID() + "@example.com";
        Identity visitor = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord chat = one(record(Channel.CHAT, visitor, List.of(visitor, new Identity("email", email.toUpperCase()),
                new Identity("phone", phone)), T0, "chat:s-1", "My parcel SO-1 is late"));
        String customer = chat.customer().id();
        assertThat(chat.customer().customerClass()).isEqualTo("new");
        assertThat(chat.conversationId()).isNotNull();

        ContactRecord call = one(record(Channel.PHONE, new Identity("phone", phone), List.of(), T0.plusSeconds(3600), null, null));
        ContactRecord mail = one(record(Channel.EMAIL, new Identity("email", email), List.of(), T0.plusSeconds(7200),
                "email:<m1@example.com>", "Re: parcel"));
        assertThat(List.of(call.customer().id(), mail.customer().id())).containsOnly(customer);
        assertThat(call.customer().customerClass()).isEqualTo("returning");
        assertThat(List.of(call.conversationId(), mail.conversationId())).containsOnly(chat.conversationId());

        // WeChat identities are linked by an operator (UnionID), or by a phone/email the WeChat record carries.
        String unionId = "union-" + UUID.randomUUID();
        assertThat(operations.link(UUID.fromString(customer), new Identity("wechat-unionid", unionId), "operator")).isEmpty();
        Identity openId = new Identity("wechat-openid", "gh_shop:o-" + UUID.randomUUID());
        ContactRecord wechat = one(record(Channel.WECHAT, openId, List.of(openId, new Identity("wechat-unionid", unionId)),
                T0.plusSeconds(9000), null, "还没到"));
        assertThat(wechat.customer().id()).isEqualTo(customer);
        assertThat(wechat.conversationId()).isEqualTo(chat.conversationId());

        Map<String, Object> context = wechat.context();
        assertThat(context.get("customerId")).isEqualTo(customer);
        assertThat(context.get("contactsByChannel")).isEqualTo(Map.of("chat", 1L, "phone", 1L, "email", 1L, "wechat", 1L));
        assertThat((List<?>) context.get("recentContacts")).hasSize(4);
        assertThat(((Map<?, ?>) context.get("openConversation")).get("id")).isEqualTo(chat.conversationId());
        assertThat(((Map<?, ?>) context.get("openConversation")).get("ageSeconds")).isEqualTo(9000L);

        for (Identity identity : List.of(visitor, new Identity("phone", "+86" + phone.substring(3)), new Identity("email", email),
                openId, new Identity("wechat-unionid", unionId))) {
            List<Map<String, Object>> found = operations.find(List.of(identity));
            assertThat(found).as("lookup by %s", identity.type()).hasSize(1);
            assertThat(found.get(0).get("id")).isEqualTo(customer);
        }
        assertThat(count("SELECT count(*) FROM conversation WHERE customer_id = ?::uuid", customer)).isEqualTo(1);
    }

    @Test
    void shouldOpenANewConversationAfterTheWindowUnlessTheThreadIsBound() throws Exception {
        Identity visitor = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord first = one(record(Channel.CHAT, visitor, List.of(), T0, "chat:" + visitor.value(), "hi"));
        ContactRecord sameThreadLater = one(record(Channel.CHAT, visitor, List.of(), T0.plus(Duration.ofDays(5)),
                "chat:" + visitor.value(), "still there?"));
        assertThat(sameThreadLater.conversationId()).isEqualTo(first.conversationId());
        ContactRecord otherThreadLater = one(record(Channel.CHAT, visitor, List.of(), T0.plus(Duration.ofDays(9)),
                "chat:other-" + visitor.value(), "new question"));
        assertThat(otherThreadLater.conversationId()).isNotEqualTo(first.conversationId());
        assertThat(count("SELECT count(*) FROM conversation WHERE customer_id = ?::uuid AND state = 'closed'",
                first.customer().id())).isEqualTo(1);
        assertThat(otherThreadLater.customer().customerClass()).isEqualTo("returning");
    }

    @Test
    void shouldMergeWhenOneRecordProvesTwoCustomersAreOneAndUndoOnRequest() throws Exception {
        String phone = newPhone();
        String email = "merge-" + UUID.randomUUID() + "@example.com";
        ContactRecord byPhone = one(record(Channel.PHONE, new Identity("phone", phone), List.of(), T0, null, null));
        ContactRecord byEmail = one(record(Channel.EMAIL, new Identity("email", email), List.of(), T0.plusSeconds(60), null, "hi"));
        assertThat(byPhone.customer().id()).isNotEqualTo(byEmail.customer().id());

        Identity visitor = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord proof = one(record(Channel.CHAT, visitor, List.of(visitor, new Identity("phone", phone),
                new Identity("email", email)), T0.plusSeconds(120), null, "both"));
        String survivor = proof.customer().id();
        assertThat(survivor).isEqualTo(byPhone.customer().id());
        assertThat(operations.find(List.of(new Identity("email", email))).get(0).get("id")).isEqualTo(survivor);
        assertThat(operations.context(UUID.fromString(byEmail.customer().id())).orElseThrow().get("id")).isEqualTo(survivor);
        assertThat(((Map<?, ?>) proof.context().get("contactsByChannel"))).isEqualTo(Map.of("phone", 1L, "email", 1L, "chat", 1L));

        List<Map<String, Object>> merges = operations.merges(UUID.fromString(survivor));
        assertThat(merges).hasSize(1);
        assertThat(merges.get(0)).containsEntry("outcome", "merged").containsEntry("actor", "pipeline")
                .containsEntry("recordId", proof.id()).containsEntry("mergedId", byEmail.customer().id());
        assertThat((String) merges.get(0).get("reason")).doesNotContain(email);

        CustomerMerges.Undone undone = operations.undoMerge(UUID.fromString((String) merges.get(0).get("id")), "operator")
                .orElseThrow();
        assertThat(undone.restored().toString()).isEqualTo(byEmail.customer().id());
        assertThat(operations.find(List.of(new Identity("email", email))).get(0).get("id")).isEqualTo(byEmail.customer().id());
        assertThat(operations.find(List.of(new Identity("phone", phone))).get(0).get("id")).isEqualTo(survivor);
        assertThatThrownBy(() -> operations.undoMerge(UUID.fromString((String) merges.get(0).get("id")), "operator"))
                .hasMessageContaining("already undone");
    }

    @Test
    void shouldRefuseToMergeCustomersWithDifferentCrmIdsOrOpenIdsOfOneAccount() throws Exception {
        String phone = newPhone();
        String email = "guard-" + UUID.randomUUID() + "@example.com";
        ContactRecord a = one(record(Channel.PHONE, new Identity("phone", phone), List.of(new Identity("crm", "CRM-A-" + phone)),
                T0, null, null));
        ContactRecord b = one(record(Channel.EMAIL, new Identity("email", email), List.of(new Identity("crm", "CRM-B-" + phone)),
                T0, null, "x"));
        ContactRecord proof = one(record(Channel.EMAIL, new Identity("email", email), List.of(new Identity("phone", phone)),
                T0.plusSeconds(5), null, "y"));
        assertThat(proof.customer().id()).isEqualTo(b.customer().id());
        assertThat(operations.find(List.of(new Identity("phone", phone))).get(0).get("id")).isEqualTo(a.customer().id());
        assertThat(operations.merges(UUID.fromString(a.customer().id()))).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("outcome", "refused"));

        Identity o1 = new Identity("wechat-openid", "gh_shop:o1-" + UUID.randomUUID());
        Identity o2 = new Identity("wechat-openid", "gh_shop:o2-" + UUID.randomUUID());
        String phone2 = newPhone();
        ContactRecord w1 = one(record(Channel.WECHAT, o1, List.of(o1), T0, null, "a"));
        one(record(Channel.WECHAT, o2, List.of(o2, new Identity("phone", phone2)), T0, null, "b"));
        ContactRecord w3 = one(record(Channel.WECHAT, o1, List.of(o1, new Identity("phone", phone2)), T0.plusSeconds(5), null, "c"));
        assertThat(w3.customer().id()).isEqualTo(w1.customer().id());
        assertThat(operations.find(List.of(o2)).get(0).get("id")).isNotEqualTo(w1.customer().id());

        assertThatThrownBy(() -> operations.link(UUID.fromString(a.customer().id()), new Identity("crm", "CRM-B-" + phone),
                "operator")).isInstanceOf(CustomerOperations.ConflictException.class).hasMessageContaining("crm");
    }

    @Test
    void shouldEndWithExactlyOneCustomerWhenEightWritersSeeTheSameNewPersonAtOnce() throws Exception {
        String phone = newPhone();
        String email = "race-" + UUID.randomUUID() + "@example.com";
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<ContactRecord>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Channel channel = Channel.values()[w % Channel.values().length];
                Identity own = new Identity("chat-visitor", "race-" + w + "-" + UUID.randomUUID());
                results.add(pool.submit(() -> {
                    ContactRecord r = record(channel, own, List.of(own, new Identity("phone", phone), new Identity("email", email)),
                            T0, null, "same person");
                    start.await();
                    return resolver.resolve(List.of(r)).get(0);
                }));
            }
            Set<String> customers = new HashSet<>();
            Set<String> conversations = new HashSet<>();
            for (Future<ContactRecord> result : results) {
                customers.add(result.get().customer().id());
                conversations.add(result.get().conversationId());
            }
            assertThat(customers).hasSize(1);
            assertThat(conversations).hasSize(1);
            String customer = customers.iterator().next();
            assertThat(count("SELECT count(DISTINCT customer_id) FROM customer_identity WHERE value = ANY (ARRAY[?, ?])",
                    email, "+86" + phone.substring(3))).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM customer_identity WHERE customer_id = ?::uuid", customer))
                    .isEqualTo(writers + 2);
            assertThat(count("SELECT contact_count FROM customer WHERE id = ?::uuid", customer)).isEqualTo(writers);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldResolveAReplayedRecordToTheSameCustomerWithoutCountingItTwice() throws Exception {
        Identity visitor = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord r = record(Channel.CHAT, visitor, List.of(), T0, null, "once");
        ContactRecord first = one(r);
        ContactRecord again = one(r);
        assertThat(again.customer().id()).isEqualTo(first.customer().id());
        assertThat(again.conversationId()).isEqualTo(first.conversationId());
        assertThat(count("SELECT contact_count FROM customer WHERE id = ?::uuid", first.customer().id())).isEqualTo(1);
    }

    @Test
    void shouldResolveRecordsOfTheSamePersonWithinOneBatchTogether() throws Exception {
        String email = "batch-" + UUID.randomUUID() + "@example.com";
        Identity v = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        List<ContactRecord> out = resolver.resolve(List.of(
                record(Channel.CHAT, v, List.of(v), T0, null, "1"),
                record(Channel.CHAT, v, List.of(v, new Identity("email", email)), T0.plusSeconds(1), null, "2"),
                record(Channel.EMAIL, new Identity("email", email), List.of(), T0.plusSeconds(2), null, "3"),
                record(Channel.PHONE, new Identity("phone", "anonymous"), List.of(), T0, null, null)));
        assertThat(out.subList(0, 3)).extracting(x -> x.customer().id()).containsOnly(out.get(0).customer().id());
        assertThat(out.subList(0, 3)).extracting(x -> x.customer().customerClass()).containsExactly("new", "returning", "returning");
        assertThat(out.get(3).customer().id()).isNotEqualTo(out.get(0).customer().id());
        assertThat(out.get(2).context().get("totalContacts")).isEqualTo(3L);
    }

    @Test
    void shouldMarkVipsFromTheOperatorFlag() throws Exception {
        Identity visitor = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord first = one(record(Channel.CHAT, visitor, List.of(), T0, null, "hello"));
        assertThat(operations.setVip(UUID.fromString(first.customer().id()), true)).isTrue();
        assertThat(one(record(Channel.CHAT, visitor, List.of(), T0.plusSeconds(5), null, "again")).customer().customerClass())
                .isEqualTo("vip");
        assertThat(operations.setVip(UUID.randomUUID(), true)).isFalse();
    }

    private ContactRecord one(ContactRecord record) throws Exception {
        return resolver.resolve(List.of(record)).get(0);
    }

    static ContactRecord record(Channel channel, Identity from, List<Identity> identities, Instant at, String threadKey,
            String text) {
        return ContactRecord.builder().id(UUID.randomUUID().toString()).channel(channel).receivedAt(at)
                .channelMessageId("m-" + UUID.randomUUID()).from(from).identities(identities).threadKey(threadKey)
                .text(text).build();
    }

    /** A valid mobile number in the +86 plan, written the way people type it. */
    static String newPhone() {
        return "+86 139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private long count(String sql, String... parameters) throws Exception {
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
