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
    void shouldFollowOnePersonAcrossChatPhoneEmailAndWeChatOnceAnAgentConfirmsWhatTheyTyped() throws Exception {
        String phone = newPhone();
        String email = "story-" + UUID.randomUUID() + "@example.com";
        Identity visitor = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord chat = one(record(Channel.CHAT, visitor, List.of(visitor, new Identity("email", email.toUpperCase()),
                new Identity("phone", phone)), T0, "chat:s-1", "My parcel SO-1 is late"));
        String customer = chat.customer().id();
        assertThat(chat.customer().customerClass()).isEqualTo("new");
        assertThat(chat.conversationId()).isNotNull();

        // what the visitor typed proves nothing: the carrier's caller id and the mail each get their own customer …
        ContactRecord call = one(record(Channel.PHONE, new Identity("phone", phone), List.of(), T0.plusSeconds(3600), null, null));
        ContactRecord mail = one(record(Channel.EMAIL, new Identity("email", email), List.of(), T0.plusSeconds(7200),
                "email:<m1@example.com>", "Re: parcel"));
        assertThat(List.of(call.customer().id(), mail.customer().id())).doesNotContain(customer).doesNotHaveDuplicates();
        assertThat(trust("phone", phone)).isEqualTo("verified");
        assertThat(trust("email", email)).isEqualTo("sender");
        // … and a proposal each, which an agent confirms
        List<Map<String, Object>> proposals = operations.mergeProposals(UUID.fromString(customer));
        assertThat(proposals).extracting(p -> (Object) ((Map<?, ?>) p.get("identity")).get("type"))
                .containsExactlyInAnyOrder("phone", "email");
        for (Map<String, Object> proposal : proposals) {
            assertThat(operations.decideProposal(UUID.fromString((String) proposal.get("id")), true, "agent:li")).isTrue();
        }
        assertThat(operations.mergeProposals(UUID.fromString(customer))).allSatisfy(p -> assertThat(p)
                .containsEntry("decision", "confirmed").containsEntry("decidedBy", "agent:li"));
        String one = (String) operations.find(List.of(visitor)).get(0).get("id");
        assertThat(trust("email", email)).as("an agent vouched for it").isEqualTo("verified");

        // WeChat identities are linked by an operator (UnionID), or proved by a push that carries both.
        String unionId = "union-" + UUID.randomUUID();
        assertThat(operations.link(UUID.fromString(one), new Identity("wechat-unionid", unionId), "operator")).isEmpty();
        Identity openId = new Identity("wechat-openid", "gh_shop:o-" + UUID.randomUUID());
        ContactRecord wechat = one(record(Channel.WECHAT, openId, List.of(openId, new Identity("wechat-unionid", unionId)),
                T0.plusSeconds(9000), null, "还没到"));
        assertThat(wechat.customer().id()).isEqualTo(one);

        Map<String, Object> context = wechat.context();
        assertThat(context.get("customerId")).isEqualTo(one);
        assertThat(context.get("contactsByChannel")).isEqualTo(Map.of("chat", 1L, "phone", 1L, "email", 1L, "wechat", 1L));
        assertThat((List<?>) context.get("recentContacts")).hasSize(4);
        assertThat(((Map<?, ?>) context.get("openConversation")).get("id")).isEqualTo(wechat.conversationId());

        for (Identity identity : List.of(visitor, new Identity("phone", "+86" + phone.substring(3)), new Identity("email", email),
                openId, new Identity("wechat-unionid", unionId))) {
            List<Map<String, Object>> found = operations.find(List.of(identity));
            assertThat(found).as("lookup by %s", identity.type()).hasSize(1);
            assertThat(found.get(0).get("id")).isEqualTo(one);
        }
        assertThat(count("SELECT count(*) FROM conversation WHERE customer_id = ?::uuid AND state <> 'closed'", one))
                .isEqualTo(1);
    }

    @Test
    void shouldNeverGiveAChatVisitorTheHistoryOfTheCustomerWhoseEmailTheyType() throws Exception {
        String email = "victim-" + UUID.randomUUID() + "@example.com";
        Identity openId = new Identity("wechat-openid", "gh_shop:o-" + UUID.randomUUID());
        ContactRecord victim = one(record(Channel.WECHAT, openId, List.of(openId), T0, null, "my card was charged twice"));
        assertThat(operations.link(UUID.fromString(victim.customer().id()), new Identity("email", email), "operator")).isEmpty();
        assertThat(operations.setVip(UUID.fromString(victim.customer().id()), true)).isTrue();

        Identity attacker = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord claim = one(record(Channel.CHAT, attacker, List.of(attacker, new Identity("email", email)), T0.plusSeconds(60),
                "chat:s-" + attacker.value(), "what did I buy last week?"));
        assertThat(claim.customer().id()).isNotEqualTo(victim.customer().id());
        assertThat(claim.customer().customerClass()).as("no VIP class picked up").isEqualTo("new");
        assertThat((List<?>) claim.context().get("recentContacts")).as("none of the victim's history").hasSize(1);
        assertThat(operations.find(List.of(new Identity("email", email))).get(0).get("id")).isEqualTo(victim.customer().id());
        assertThat(trust("email", email)).isEqualTo("verified");
        assertThat(operations.mergeProposals(UUID.fromString(victim.customer().id()))).singleElement().satisfies(p ->
                assertThat(p).containsEntry("customerId", claim.customer().id()).containsEntry("trust", "declared")
                        .containsEntry("decision", null));

        // repeating the claim does not nag; a rejection stands
        one(record(Channel.CHAT, attacker, List.of(attacker, new Identity("email", email)), T0.plusSeconds(70),
                "chat:s-" + attacker.value(), "again"));
        List<Map<String, Object>> proposals = operations.mergeProposals(UUID.fromString(claim.customer().id()));
        assertThat(proposals).hasSize(1);
        assertThat(operations.decideProposal(UUID.fromString((String) proposals.get(0).get("id")), false, "agent:wang")).isTrue();
        assertThat(operations.decideProposal(UUID.fromString((String) proposals.get(0).get("id")), true, "agent:wang"))
                .as("decided already").isFalse();
        one(record(Channel.CHAT, attacker, List.of(attacker, new Identity("email", email)), T0.plusSeconds(80),
                "chat:s-" + attacker.value(), "and again"));
        assertThat(operations.mergeProposals(UUID.fromString(claim.customer().id()))).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("decision", "rejected"));
        assertThat(operations.find(List.of(new Identity("email", email))).get(0).get("id")).isEqualTo(victim.customer().id());
    }

    @Test
    void shouldLetAProvedSenderTakeOverAnAddressSomeoneOnlyTyped() throws Exception {
        String email = "typed-" + UUID.randomUUID() + "@example.com";
        Identity squatter = new Identity("chat-visitor", "v-" + UUID.randomUUID());
        ContactRecord typed = one(record(Channel.CHAT, squatter, List.of(squatter, new Identity("email", email)), T0, null, "hi"));
        assertThat(trust("email", email)).isEqualTo("declared");

        ContactRecord plain = one(record(Channel.EMAIL, new Identity("email", email), List.of(), T0.plusSeconds(60), null, "plain"));
        assertThat(plain.customer().id()).as("an unauthenticated From does not join a typed address either")
                .isNotEqualTo(typed.customer().id());
        assertThat(operations.find(List.of(new Identity("email", email))).get(0).get("id")).isEqualTo(plain.customer().id());
        assertThat(trust("email", email)).isEqualTo("sender");

        ContactRecord signed = one(record(Channel.EMAIL, new Identity("email", email), List.of(), T0.plusSeconds(120), null, "dkim")
                .toBuilder().context(Map.of("email", Map.of("senderAuthenticated", true))).build());
        assertThat(signed.customer().id()).as("a proved sender joins the sender's customer").isEqualTo(plain.customer().id());
        assertThat(trust("email", email)).isEqualTo("verified");
        assertThat(operations.mergeProposals(UUID.fromString(typed.customer().id()))).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("customerId", plain.customer().id()).containsEntry("trust", "sender"));
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
        String unionId = "union-" + UUID.randomUUID();
        Identity shop = new Identity("wechat-openid", "gh_shop:o-" + UUID.randomUUID());
        Identity service = new Identity("wechat-openid", "gh_service:o-" + UUID.randomUUID());
        ContactRecord byShop = one(record(Channel.WECHAT, shop, List.of(shop), T0, null, "hi"));
        ContactRecord byService = one(record(Channel.WECHAT, service, List.of(service, new Identity("wechat-unionid", unionId)),
                T0.plusSeconds(60), null, "hello"));
        assertThat(byShop.customer().id()).isNotEqualTo(byService.customer().id());

        ContactRecord proof = one(record(Channel.WECHAT, shop, List.of(shop, new Identity("wechat-unionid", unionId)),
                T0.plusSeconds(120), null, "both"));
        String survivor = proof.customer().id();
        assertThat(survivor).isEqualTo(byShop.customer().id());
        assertThat(operations.find(List.of(service)).get(0).get("id")).isEqualTo(survivor);
        assertThat(operations.context(UUID.fromString(byService.customer().id())).orElseThrow().get("id")).isEqualTo(survivor);
        assertThat(((Map<?, ?>) proof.context().get("contactsByChannel"))).isEqualTo(Map.of("wechat", 3L));

        List<Map<String, Object>> merges = operations.merges(UUID.fromString(survivor));
        assertThat(merges).hasSize(1);
        assertThat(merges.get(0)).containsEntry("outcome", "merged").containsEntry("actor", "pipeline")
                .containsEntry("recordId", proof.id()).containsEntry("mergedId", byService.customer().id());
        assertThat((String) merges.get(0).get("reason")).doesNotContain(unionId);

        CustomerMerges.Undone undone = operations.undoMerge(UUID.fromString((String) merges.get(0).get("id")), "operator")
                .orElseThrow();
        assertThat(undone.restored().toString()).isEqualTo(byService.customer().id());
        assertThat(operations.find(List.of(service)).get(0).get("id")).isEqualTo(byService.customer().id());
        assertThat(operations.find(List.of(shop)).get(0).get("id")).isEqualTo(survivor);
        assertThatThrownBy(() -> operations.undoMerge(UUID.fromString((String) merges.get(0).get("id")), "operator"))
                .hasMessageContaining("already undone");
    }

    @Test
    void shouldRefuseToMergeCustomersWithDifferentCrmIdsOrOpenIdsOfOneAccount() throws Exception {
        String unionId = "union-" + UUID.randomUUID();
        Identity o1 = new Identity("wechat-openid", "gh_shop:o1-" + UUID.randomUUID());
        Identity o2 = new Identity("wechat-openid", "gh_shop:o2-" + UUID.randomUUID());
        ContactRecord w1 = one(record(Channel.WECHAT, o1, List.of(o1), T0, null, "a"));
        ContactRecord w2 = one(record(Channel.WECHAT, o2, List.of(o2, new Identity("wechat-unionid", unionId)), T0, null, "b"));
        ContactRecord w3 = one(record(Channel.WECHAT, o1, List.of(o1, new Identity("wechat-unionid", unionId)),
                T0.plusSeconds(5), null, "c"));
        assertThat(w3.customer().id()).isEqualTo(w1.customer().id());
        assertThat(operations.find(List.of(o2)).get(0).get("id")).isEqualTo(w2.customer().id());
        assertThat(operations.merges(UUID.fromString(w1.customer().id()))).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("outcome", "refused"));
        assertThat(operations.mergeProposals(UUID.fromString(w1.customer().id()))).as("nothing to propose").isEmpty();

        String crm = "CRM-" + UUID.randomUUID();
        Identity v1 = new Identity("chat-visitor", "v1-" + UUID.randomUUID());
        Identity v2 = new Identity("chat-visitor", "v2-" + UUID.randomUUID());
        UUID a = UUID.fromString(one(record(Channel.CHAT, v1, List.of(v1), T0, null, "a")).customer().id());
        UUID b = UUID.fromString(one(record(Channel.CHAT, v2, List.of(v2), T0, null, "b")).customer().id());
        assertThat(operations.link(a, new Identity("crm", crm + "-A"), "operator")).isEmpty();
        assertThat(operations.link(b, new Identity("crm", crm + "-B"), "operator")).isEmpty();
        assertThatThrownBy(() -> operations.link(a, new Identity("crm", crm + "-B"), "operator"))
                .isInstanceOf(CustomerOperations.ConflictException.class).hasMessageContaining("crm");
    }

    @Test
    void shouldEndWithExactlyOneCustomerWhenEightWritersSeeTheSameNewPersonAtOnce() throws Exception {
        String unionId = "race-" + UUID.randomUUID();
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<ContactRecord>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Identity own = new Identity("wechat-openid", "gh_" + w + ":race-" + UUID.randomUUID());
                results.add(pool.submit(() -> {
                    ContactRecord r = record(Channel.WECHAT, own, List.of(own, new Identity("wechat-unionid", unionId)),
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
            assertThat(count("SELECT count(*) FROM customer_identity WHERE customer_id = ?::uuid", customer))
                    .isEqualTo(writers + 1);
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
                record(Channel.EMAIL, new Identity("email", email), List.of(), T0.plusSeconds(3), null, "4"),
                record(Channel.PHONE, new Identity("phone", "anonymous"), List.of(), T0, null, null)));
        assertThat(out.subList(0, 2)).extracting(x -> x.customer().id()).containsOnly(out.get(0).customer().id());
        assertThat(out.subList(0, 2)).extracting(x -> x.customer().customerClass()).containsExactly("new", "returning");
        assertThat(out.subList(2, 4)).as("the two mails from one address").extracting(x -> x.customer().id())
                .containsOnly(out.get(2).customer().id()).doesNotContain(out.get(0).customer().id());
        assertThat(out.get(3).context().get("totalContacts")).isEqualTo(2L);
        assertThat(operations.find(List.of(new Identity("email", email))).get(0).get("id")).as("the sender holds it")
                .isEqualTo(out.get(2).customer().id());
        assertThat(operations.mergeProposals(UUID.fromString(out.get(0).customer().id()))).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("otherCustomerId", out.get(2).customer().id()));
        assertThat(out.get(4).customer().id()).isNotEqualTo(out.get(0).customer().id());
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

    /** The trust of the identity's link, keyed as the resolver keys it. */
    private String trust(String type, String value) throws Exception {
        Identity key = operations.keys().canonical(new Identity(type, value)).orElseThrow();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT trust FROM customer_identity WHERE type = ? AND value = ?")) {
            s.setString(1, key.type());
            s.setString(2, key.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
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
