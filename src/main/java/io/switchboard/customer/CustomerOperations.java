package io.switchboard.customer;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Identity;
import io.switchboard.store.ConversationLocks;
import io.switchboard.store.Database;
import io.switchboard.store.Transactions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What the customer endpoints do: read a customer's context, find a customer by an identity, and the
 * operator actions (erase, link an identity, undo a merge, VIP flag). Writes lock the customer rows
 * the pipeline locks, and publish to the compacted topic before committing, so their topic updates
 * are ordered with the pipeline's.
 */
@Singleton
public class CustomerOperations {

    /** An operator request that conflicts with the data (a guard, an erased customer); answered with 409. */
    public static final class ConflictException extends Exception {
        public ConflictException(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;
    private final CustomerContextTopic contextTopic;
    private final CustomerSettings settings;
    private final Duration erasureTombstones;

    @Inject
    public CustomerOperations(Database database, CustomerContextTopic contextTopic, CustomerSettings settings,
            SwitchboardConfig config) {
        this.dataSource = database.operatorDataSource();
        this.contextTopic = contextTopic;
        this.settings = settings;
        this.erasureTombstones = Duration.ofDays(config.customers().erasureTombstoneDays());
    }

    public IdentityKeys keys() {
        return settings.keys();
    }

    /** The customer's profile and context; a merged-away id answers with the customer it was merged into. */
    public Optional<Map<String, Object>> context(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<UUID> current = CustomerStore.current(c, id);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            CustomerStore.CustomerRow row = CustomerStore.read(c, List.of(current.get())).get(current.get());
            if (row.erasedAt() != null) {
                return Optional.empty();
            }
            return Optional.of(view(c, row));
        }
    }

    /** Customers holding any of the identities (several when an identity type has several meanings, like WeChat). */
    public List<Map<String, Object>> find(List<Identity> identities) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<Map<String, Object>> out = new ArrayList<>();
            List<Identity> canonical = identities.stream().map(settings.keys()::canonical).flatMap(Optional::stream).toList();
            Set<UUID> ids = new java.util.LinkedHashSet<>(CustomerStore.owners(c, canonical).values());
            for (CustomerStore.CustomerRow row : CustomerStore.read(c, ids).values()) {
                out.add(view(c, row));
            }
            return out;
        }
    }

    private Map<String, Object> view(Connection c, CustomerStore.CustomerRow row) throws SQLException {
        UUID id = row.id();
        List<UUID> one = List.of(id);
        boolean vip = row.vip() || !CustomerStore.holdersOfAny(c, one, settings.vipIdentities()).isEmpty();
        CustomerClass customerClass = CustomerClass.of(vip, Math.max(0, row.contactCount() - 1), settings.regularAfter());
        Map<String, Object> context = ContextSnapshot.of(id, customerClass,
                CustomerStore.openConversations(c, one).get(id), Instant.now(),
                CustomerStore.recentContacts(c, one, settings.recentContacts()).getOrDefault(id, List.of()),
                CustomerStore.channelCounts(c, one).getOrDefault(id, Map.of()));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id.toString());
        view.put("class", customerClass.wireName());
        view.put("vip", vip);
        view.put("customerSince", row.createdAt().toString());
        view.put("lastContactAt", row.lastContactAt() == null ? null : row.lastContactAt().toString());
        List<Map<String, String>> identities = new ArrayList<>();
        CustomerStore.linksOf(c, id).forEach((identity, trust) -> identities.add(
                Map.of("type", identity.type(), "value", identity.value(), "trust", trust.wireName())));
        view.put("identities", identities);
        view.put("mergedFrom", mergedFrom(c, id));
        view.put("satisfaction", CustomerStore.surveyAnswers(c, id, settings.recentContacts()));
        view.put("context", context);
        return view;
    }

    private static List<String> mergedFrom(Connection c, UUID id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM customer WHERE merged_into = ? ORDER BY id")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Erases a customer (and every customer merged into it) on request, in one transaction: identities, names, contact
     * history and thread keys are deleted, merge audit rows lose the identities they listed; the agent loop's
     * copy of their latest message goes, their SLA clocks stop, they leave every queue and no survey or
     * queue move is left armed, so no timer can put their message on a lane again; the dedupe keys of their
     * messages (which can hold an OpenID) are deleted, and hashes of their identities are kept for
     * {@code switchboard.customers.erasure-tombstone-days} so that a copy of one of their messages processed
     * again ({@link ErasureFilter}) is dropped; their agents' replies are deleted, unsent ones with them.
     * Counts and the anonymous customer row stay. A tombstone for each id goes to the compacted topic before
     * commit.
     *
     * @return the erased customer ids, or empty when there is no such customer
     */
    public Optional<List<UUID>> erase(UUID id, String actor) throws Exception {
        return erase(id, actor, Cause.REQUEST, Instant.EPOCH);
    }

    /**
     * Erasure by age, for the retention job: the same deletions as {@link #erase}, for a customer none of whose
     * family has been in contact since {@code cutoff} (a contact in the meantime wins). No identity hashes are
     * kept: every copy of their messages on a topic expired long before their last contact did.
     *
     * @return the expired customer ids, or empty when the customer is gone, already erased, or wrote again
     */
    public Optional<List<UUID>> expire(UUID id, Instant cutoff) throws Exception {
        return erase(id, "retention", Cause.RETENTION, cutoff);
    }

    private enum Cause {
        REQUEST("erased"),
        RETENTION("expired");

        final String closedReason;

        Cause(String closedReason) {
            this.closedReason = closedReason;
        }
    }

    private Optional<List<UUID>> erase(UUID id, String actor, Cause cause, Instant lastContactBefore) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<UUID> current = CustomerStore.current(c, id);
                if (current.isEmpty()) {
                    c.rollback();
                    return Optional.empty();
                }
                List<UUID> family = family(c, current.get());
                var rows = CustomerStore.lock(c, family);
                if (rows.get(current.get()).erasedAt() != null || (cause == Cause.RETENTION && rows.values().stream()
                        .anyMatch(r -> r.lastContactAt() != null && !r.lastContactAt().isBefore(lastContactBefore)))) {
                    c.rollback();
                    return Optional.empty();
                }
                Object[] ids = family.toArray();
                List<UUID> conversations = ofCustomers(c, "SELECT id FROM conversation WHERE customer_id = ANY (?)",
                        ids, rs -> rs.getObject(1, UUID.class));
                ConversationLocks.lockInOrder(c, conversations);
                Object[] convs = conversations.toArray();
                if (cause == Cause.REQUEST) {
                    ErasedIdentities.remember(c, ofCustomers(c, "SELECT type, value FROM customer_identity"
                            + " WHERE customer_id = ANY (?)", ids, rs -> new Identity(rs.getString(1), rs.getString(2))),
                            Instant.now(), erasureTombstones);
                }
                execute(c, "UPDATE loop_conversation SET latest_record = NULL, latest_record_id = NULL,"
                        + " next_targets = '[]', move_at = NULL, survey_due_at = NULL, survey_agent = NULL"
                        + " WHERE conversation_id = ANY (?)", convs);
                execute(c, "UPDATE sla_clock SET stopped_at = now() WHERE conversation_id = ANY (?)"
                        + " AND stopped_at IS NULL", convs);
                execute(c, "DELETE FROM queue_waiting WHERE conversation_id = ANY (?)", convs);
                // loop events not relayed yet (escalations, re-routed records) are keyed by conversation or customer
                execute(c, "DELETE FROM loop_outbox WHERE record_key = ANY (CAST(? AS uuid[])::text[])"
                        + " OR record_key = ANY (CAST(? AS uuid[])::text[])", convs, ids);
                // replies not yet sent are never sent; sent ones lose their text and address with the history
                execute(c, "DELETE FROM reply WHERE conversation_id = ANY (?)", convs);
                execute(c, "DELETE FROM survey WHERE conversation_id = ANY (?)", convs);
                execute(c, "DELETE FROM processed_message p USING contact_history h"
                        + " WHERE p.record_id = h.record_id AND h.customer_id = ANY (?)", ids);
                execute(c, "DELETE FROM customer_identity WHERE customer_id = ANY (?)", ids);
                execute(c, "DELETE FROM merge_proposal WHERE customer_id = ANY (?) OR other_id = ANY (?)", ids, ids);
                execute(c, "DELETE FROM conversation_thread t USING conversation v"
                        + " WHERE t.conversation_id = v.id AND v.customer_id = ANY (?)", ids);
                execute(c, "DELETE FROM contact_history WHERE customer_id = ANY (?)", ids);
                try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET state = 'closed', closed_at = now(),"
                        + " closed_reason = ? WHERE customer_id = ANY (?) AND state <> 'closed'")) {
                    s.setString(1, cause.closedReason);
                    s.setArray(2, c.createArrayOf("uuid", ids));
                    s.executeUpdate();
                }
                execute(c, "UPDATE customer_merge SET moved_identity_types = '{}', moved_identity_values = '{}',"
                        + " moved_contacts = '{}' WHERE survivor_id = ANY (?) OR merged_id = ANY (?)", ids, ids);
                execute(c, "UPDATE customer SET display_name = NULL, vip = FALSE, erased_at = now() WHERE id = ANY (?)", ids);
                contextTopic.tombstoneAndAwait(family.stream().map(UUID::toString).toList());
                c.commit();
                org.jboss.logging.Logger.getLogger(CustomerOperations.class)
                        .infof("Customer %s %s by %s (%d ids)", current.get(), cause.closedReason, actor, family.size());
                return Optional.of(family);
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The rows of {@code sql}, whose one parameter is the array of customer ids. */
    private static <T> List<T> ofCustomers(Connection c, String sql, Object[] customers, Row<T> row) throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("uuid", customers));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        }
        return out;
    }

    private static List<UUID> family(Connection c, UUID root) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("WITH RECURSIVE f(id) AS (SELECT ?::uuid"
                + " UNION SELECT k.id FROM customer k JOIN f ON k.merged_into = f.id) SELECT id FROM f")) {
            s.setObject(1, root);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return out;
    }

    /**
     * Links an identity to a customer on an operator's word. If another customer holds it, the two are
     * merged (same guards as the pipeline); the merge is audited with the operator as actor.
     *
     * @return the merge id when a merge happened
     */
    public Optional<UUID> link(UUID customer, Identity identity, String actor) throws Exception {
        return inTransaction(c -> link(c, customer, identity, actor));
    }

    private <T> T inTransaction(Transactions.Work<T> work) throws Exception {
        return Transactions.inTransaction(dataSource, work);
    }

    private Optional<UUID> link(Connection c, UUID customer, Identity identity, String actor) throws Exception {
        UUID target = CustomerStore.current(c, customer).orElseThrow(() -> new ConflictException("no customer " + customer));
        CustomerStore.claim(c, List.of(identity), List.of(target), List.of(IdentityTrust.VERIFIED), actor);
        UUID owner = CustomerStore.owners(c, List.of(identity)).get(identity);
        return join(c, target, owner, identity, actor, "operator link of a " + identity.type() + " identity",
                "operator linked a " + identity.type() + " identity held by the other customer");
    }

    /**
     * Merges {@code owner} into {@code target} (nothing when they are one) unless the guards refuse, then marks
     * {@code identity} verified: an operator or agent vouched for it.
     */
    private Optional<UUID> join(Connection c, UUID target, UUID owner, Identity identity, String actor, String what,
            String reason) throws Exception {
        var rows = CustomerStore.lock(c, owner.equals(target) ? List.of(target) : List.of(target, owner));
        if (rows.values().stream().anyMatch(r -> r.erasedAt() != null)) {
            throw new ConflictException("customer " + target + " was erased");
        }
        if (rows.values().stream().anyMatch(r -> r.mergedInto() != null)) {
            throw new ConflictException("a customer was merged meanwhile; retry");
        }
        Map<UUID, Set<Identity>> exclusive = new HashMap<>(CustomerStore.exclusiveIdentities(c, rows.keySet()));
        Set<Identity> union = new java.util.HashSet<>(exclusive.getOrDefault(target, Set.of()));
        union.addAll(exclusive.getOrDefault(owner, Set.of()));
        union.add(identity);
        Optional<String> conflict = MergeGuard.conflict(union);
        if (conflict.isPresent()) {
            if (!owner.equals(target)) {
                CustomerMerges.refused(c, target, owner, actor, what + ", but the customers hold " + conflict.get(), null);
                c.commit();
            } else {
                c.rollback();
            }
            throw new ConflictException("refused: the customers would hold " + conflict.get());
        }
        Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
        Optional<UUID> merge = Optional.empty();
        if (!owner.equals(target)) {
            merge = Optional.of(CustomerMerges.merge(c, target, owner, actor, reason, null));
            updates.put(owner.toString(), null);
        }
        CustomerStore.retrust(c, Map.of(identity, IdentityTrust.VERIFIED));
        updates.put(target.toString(), topicContext(c, target));
        contextTopic.publishAndAwait(updates);
        return merge;
    }

    /** Undoes a merge and republishes both customers' contexts. */
    public Optional<CustomerMerges.Undone> undoMerge(UUID mergeId, String actor) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                CustomerMerges.Undone undone = CustomerMerges.undo(c, mergeId, actor);
                if (undone == null) {
                    c.rollback();
                    return Optional.empty();
                }
                Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
                updates.put(undone.survivor().toString(), topicContext(c, undone.survivor()));
                updates.put(undone.restored().toString(), topicContext(c, undone.restored()));
                contextTopic.publishAndAwait(updates);
                c.commit();
                return Optional.of(undone);
            } catch (CustomerMerges.UndoRefusedException e) {
                c.rollback();
                throw new ConflictException(e.getMessage());
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** The merges contacts proposed for the customer (or its live successor), open ones first. */
    public List<Map<String, Object>> mergeProposals(UUID customer) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return MergeProposals.of(c, CustomerStore.current(c, customer).orElse(customer));
        }
    }

    /**
     * Decides an open merge proposal. Confirming merges the two customers on the agent's word (same guards as
     * an operator link; the older one survives) and marks the identity verified.
     *
     * @return false when there is no such open proposal
     */
    public boolean decideProposal(UUID proposal, boolean confirm, String actor) throws Exception {
        return inTransaction(c -> {
            Optional<MergeProposals.Open> open = MergeProposals.lockOpen(c, proposal);
            if (open.isEmpty()) {
                return false;
            }
            if (confirm) {
                MergeProposals.Open p = open.get();
                UUID target = CustomerStore.current(c, p.customer())
                        .orElseThrow(() -> new ConflictException("no customer " + p.customer()));
                UUID owner = CustomerStore.current(c, p.other())
                        .orElseThrow(() -> new ConflictException("no customer " + p.other()));
                // the older customer survives, as in the pipeline's merges: it keeps its open conversation
                var rows = CustomerStore.read(c, List.of(target, owner));
                boolean ownerOlder = !owner.equals(target)
                        && rows.get(owner).createdAt().isBefore(rows.get(target).createdAt());
                join(c, ownerOlder ? owner : target, ownerOlder ? target : owner, p.identity(), actor,
                        "agent confirmed a proposal on a " + p.identity().type() + " identity",
                        "agent confirmed that a " + p.identity().type() + " identity proves one person");
            }
            MergeProposals.decide(c, proposal, confirm ? "confirmed" : "rejected", actor);
            return true;
        });
    }

    public List<Map<String, Object>> merges(UUID customer) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return CustomerMerges.history(c, customer);
        }
    }

    /** Sets or clears the operator VIP flag; false when there is no such (live) customer. */
    public boolean setVip(UUID customer, boolean vip) throws Exception {
        return inTransaction(c -> {
            Optional<UUID> current = CustomerStore.current(c, customer);
            if (current.isEmpty() || CustomerStore.lock(c, List.of(current.get())).get(current.get()).erasedAt() != null) {
                return false;
            }
            CustomerStore.setVip(c, current.get(), vip);
            contextTopic.publishAndAwait(Map.of(current.get().toString(), topicContext(c, current.get())));
            return true;
        });
    }

    /** For agent-event handling: moves a conversation to another state. */
    public boolean transition(UUID conversation, String state, String agent) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return CustomerStore.transition(c, conversation, state, agent);
        }
    }

    private Map<String, Object> topicContext(Connection c, UUID id) throws SQLException {
        CustomerStore.CustomerRow row = CustomerStore.read(c, List.of(id)).get(id);
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) view(c, row).get("context");
        return context;
    }

    private static void execute(Connection c, String sql, Object[]... arrays) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < arrays.length; i++) {
                s.setArray(i + 1, c.createArrayOf("uuid", arrays[i]));
            }
            s.executeUpdate();
        }
    }
}
