package io.switchboard.customer;

import static io.switchboard.customer.CustomerStore.texts;
import static io.switchboard.customer.CustomerStore.timestamps;
import static io.switchboard.customer.CustomerStore.uuids;

import io.switchboard.customer.CustomerStore.Contact;
import io.switchboard.customer.CustomerStore.Conversation;
import io.switchboard.customer.CustomerStore.CustomerRow;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.pipeline.PipelineBatch;
import io.switchboard.store.ConversationLocks;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Stage: which customer each contact belongs to, which conversation it joins, and the context snapshot
 * it carries. A whole batch is resolved in one transaction with set-based statements. Concurrent
 * batches (other threads, other pods) meet on the database: new identities are claimed with
 * {@code INSERT … ON CONFLICT DO NOTHING} on the unique (type, value) key, the customers involved are
 * then row-locked in id order and re-checked, and a batch that lost a race (or a deadlock) is rolled
 * back and resolved again from scratch. The batch's contexts are published to the compacted topic and
 * acknowledged before the transaction commits.
 */
@Singleton
@Named("customerResolver")
public class CustomerResolver {

    private static final Logger LOG = Logger.getLogger(CustomerResolver.class);
    static final String ACTOR = "pipeline";
    private static final int MAX_ATTEMPTS = 10;
    /** Serialization failure, deadlock, unique violation: another transaction got there first. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "23505");
    private static final Comparator<Identity> IDENTITY_ORDER =
            Comparator.comparing(Identity::type).thenComparing(Identity::value);

    private final DataSource dataSource;
    private final CustomerContextTopic contextTopic;
    private final CustomerSettings settings;
    private final IdentityKeys keys;

    @Inject
    public CustomerResolver(Database database, CustomerContextTopic contextTopic, CustomerSettings settings) {
        this(database.dataSource(), contextTopic, settings);
    }

    public CustomerResolver(DataSource dataSource, CustomerContextTopic contextTopic, CustomerSettings settings) {
        this.dataSource = dataSource;
        this.contextTopic = contextTopic;
        this.settings = settings;
        this.keys = settings.keys();
    }

    public void resolve(PipelineBatch batch) throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        List<PipelineBatch.Item> live = batch.live();
        if (live.isEmpty()) {
            return;
        }
        List<ContactRecord> resolved = resolve(live.stream().map(PipelineBatch.Item::record).toList());
        for (int i = 0; i < live.size(); i++) {
            live.get(i).record(resolved.get(i));
        }
    }

    /** Resolves records in order; retried as a whole when a concurrent transaction got in the way. */
    public List<ContactRecord> resolve(List<ContactRecord> records)
            throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        for (int attempt = 1;; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    List<ContactRecord> out = new Run(c, records).execute();
                    c.commit();
                    return out;
                } catch (SQLException | ConcurrentChange e) {
                    c.rollback();
                    boolean retryable = e instanceof ConcurrentChange || RETRYABLE.contains(((SQLException) e).getSQLState());
                    if (!retryable || attempt >= MAX_ATTEMPTS) {
                        throw e instanceof SQLException sql ? sql : new SQLException("gave up after " + attempt
                                + " attempts: " + e.getMessage(), "40001", e);
                    }
                    LOG.debugf("Customer resolution raced another transaction (attempt %d): %s", attempt, e.getMessage());
                } catch (RuntimeException | InterruptedException | ExecutionException | TimeoutException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** Something another transaction changed between reading and locking; the batch starts over. */
    private static final class ConcurrentChange extends Exception {
        ConcurrentChange(String message) {
            super(message, null, false, false);
        }
    }

    /** What the stage knows about one customer while it walks through the batch. */
    private static final class State {
        final UUID id;
        final boolean vip;
        long contacts;
        Conversation open;
        final ArrayDeque<Contact> recent;
        final Map<String, Long> counts;

        State(UUID id, boolean vip, long contacts, Conversation open, List<Contact> recent, Map<String, Long> counts) {
            this.id = id;
            this.vip = vip;
            this.contacts = contacts;
            this.open = open;
            this.recent = new ArrayDeque<>(recent);
            this.counts = new TreeMap<>(counts);
        }
    }

    private record Replayed(UUID customer, UUID conversation) {}

    /** One attempt at resolving the batch, on one transaction. */
    private final class Run {
        private final Connection c;
        private final List<ContactRecord> records;
        private final int n;
        private final UUID[] target;
        private final List<List<Identity>> identities = new ArrayList<>();
        private final List<Map<Identity, IdentityTrust>> trusts = new ArrayList<>();
        private final Map<Identity, UUID> owners = new HashMap<>();
        /** How far each identity's link is proved, as stored or as this batch claimed it. */
        private final Map<Identity, IdentityTrust> held = new HashMap<>();
        private final Map<Identity, IdentityTrust> retrusted = new HashMap<>();
        private final List<MergeProposals.Proposal> proposals = new ArrayList<>();
        private final Set<UUID> fresh = new HashSet<>();
        private final Map<UUID, UUID> mergedInto = new HashMap<>();
        private final Map<String, Map<String, Object>> contexts = new LinkedHashMap<>();
        private Map<UUID, CustomerRow> rows;
        private Map<UUID, Set<Identity>> exclusive;

        Run(Connection c, List<ContactRecord> records) {
            this.c = c;
            this.records = records;
            this.n = records.size();
            this.target = new UUID[n];
        }

        List<ContactRecord> execute() throws SQLException, ConcurrentChange, InterruptedException, ExecutionException,
                TimeoutException {
            Map<Integer, Replayed> replayed = replayed();
            for (int i = 0; i < n; i++) {
                Map<Identity, IdentityTrust> claims = new LinkedHashMap<>();
                if (!replayed.containsKey(i)) {
                    keys.claims(records.get(i)).forEach(claim -> claims.put(claim.identity(), claim.trust()));
                }
                trusts.add(claims);
                identities.add(List.copyOf(claims.keySet()));
            }
            claimAndLock(replayed);
            for (int i = 0; i < n; i++) {
                if (!replayed.containsKey(i)) {
                    target[i] = decide(i);
                }
            }
            settleFreshCustomers(replayed);
            List<ContactRecord> out = contextsAndConversations(replayed);
            contextTopic.publishAndAwait(contexts);
            return out;
        }

        /** Records already resolved by an earlier attempt whose publication failed: same customer, same conversation. */
        private Map<Integer, Replayed> replayed() throws SQLException {
            Map<UUID, Integer> index = new HashMap<>();
            for (int i = 0; i < n; i++) {
                index.put(UUID.fromString(records.get(i).id()), i);
            }
            Map<Integer, Replayed> out = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT record_id, customer_id, conversation_id FROM contact_history WHERE record_id = ANY (?)")) {
                s.setArray(1, uuids(c, index.keySet()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(index.get(rs.getObject(1, UUID.class)),
                                new Replayed(rs.getObject(2, UUID.class), rs.getObject(3, UUID.class)));
                    }
                }
            }
            for (Map.Entry<Integer, Replayed> entry : out.entrySet()) {
                UUID current = CustomerStore.current(c, entry.getValue().customer()).orElse(entry.getValue().customer());
                target[entry.getKey()] = current;
            }
            return out;
        }

        /**
         * Gives every unknown identity an owner: records that share identities form a cluster, and a
         * cluster's unknown identities are claimed for one new customer. Losing a claim to a concurrent
         * transaction is fine: the winner's customer is found on the second lookup.
         */
        private void claimAndLock(Map<Integer, Replayed> replayed) throws SQLException, ConcurrentChange {
            TreeSet<Identity> all = new TreeSet<>(IDENTITY_ORDER);
            identities.forEach(all::addAll);
            owners.putAll(CustomerStore.owners(c, all));
            int[] cluster = clusters();
            Map<Integer, UUID> freshByCluster = new HashMap<>();
            Map<Identity, UUID> claims = new TreeMap<>(IDENTITY_ORDER);
            Map<Identity, IdentityTrust> claimTrust = new HashMap<>();
            for (int i = 0; i < n; i++) {
                if (replayed.containsKey(i)) {
                    continue;
                }
                if (identities.get(i).isEmpty()) {
                    target[i] = UUID.randomUUID();
                    fresh.add(target[i]);
                    continue;
                }
                for (Map.Entry<Identity, IdentityTrust> claim : trusts.get(i).entrySet()) {
                    Identity identity = claim.getKey();
                    IdentityTrust before = claimTrust.get(identity);
                    // the best-proved claim in the batch gets a new identity; the others meet it as its holder
                    if (!owners.containsKey(identity) && (before == null || claim.getValue().compareTo(before) > 0)) {
                        claims.put(identity, freshByCluster.computeIfAbsent(cluster[i], k -> UUID.randomUUID()));
                        claimTrust.put(identity, claim.getValue());
                    }
                }
            }
            fresh.addAll(freshByCluster.values());
            CustomerStore.insertCustomers(c, fresh);
            List<Identity> claimed = new ArrayList<>(claims.keySet());
            CustomerStore.claim(c, claimed, claimed.stream().map(claims::get).toList(),
                    claimed.stream().map(claimTrust::get).toList(), ACTOR);
            owners.clear();
            held.clear();
            CustomerStore.links(c, all).forEach((identity, link) -> {
                owners.put(identity, link.customer());
                held.put(identity, link.trust());
            });
            if (owners.size() != all.size()) {
                throw new ConcurrentChange("an identity disappeared while being claimed");
            }
            Set<UUID> involved = new HashSet<>(owners.values());
            involved.addAll(fresh);
            rows = CustomerStore.lock(c, involved);
            if (rows.size() != involved.size()
                    || rows.values().stream().anyMatch(r -> r.mergedInto() != null || r.erasedAt() != null)) {
                throw new ConcurrentChange("a customer was merged or erased meanwhile");
            }
            if (!CustomerStore.owners(c, all).equals(owners)) {
                throw new ConcurrentChange("identities moved before the customers were locked");
            }
            exclusive = CustomerStore.exclusiveIdentities(c, involved);
        }

        /** Union-find over the batch: records sharing an identity belong together. */
        private int[] clusters() {
            int[] parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = i;
            }
            Map<Identity, Integer> firstSeen = new HashMap<>();
            for (int i = 0; i < n; i++) {
                for (Map.Entry<Identity, IdentityTrust> claim : trusts.get(i).entrySet()) {
                    if (claim.getValue() == IdentityTrust.DECLARED) {
                        continue; // what a sender typed never makes two contacts one customer
                    }
                    Integer other = firstSeen.putIfAbsent(claim.getKey(), i);
                    if (other != null) {
                        parent[root(parent, i)] = root(parent, other);
                    }
                }
            }
            int[] cluster = new int[n];
            for (int i = 0; i < n; i++) {
                cluster[i] = root(parent, i);
            }
            return cluster;
        }

        private int root(int[] parent, int i) {
            while (parent[i] != i) {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            return i;
        }

        /**
         * The customer of record {@code i}. The record joins the holder of its sender identity, or of another
         * identity it carries, when neither the record nor the link rests on a declared identity; it merges
         * customers only through identities verified both on the record and on the link; it links what it adds.
         * A verified or sender identity takes a merely declared link over. Every other customer it points at
         * gets a merge proposal instead.
         */
        private UUID decide(int i) throws SQLException {
            List<Identity> mine = identities.get(i);
            if (mine.isEmpty()) {
                return target[i];
            }
            Map<Identity, IdentityTrust> trust = trusts.get(i);
            Identity sender = mine.get(0);
            boolean provedSender = trust.get(sender) == IdentityTrust.VERIFIED;
            UUID freshOwner = null;
            LinkedHashSet<UUID> joinable = new LinkedHashSet<>();
            LinkedHashSet<UUID> provedOne = new LinkedHashSet<>();
            for (Identity identity : mine) {
                UUID owner = current(owners.get(identity));
                if (!trust.get(identity).joins(held.get(identity))) {
                    continue;
                }
                if (fresh.contains(owner)) {
                    freshOwner = freshOwner == null ? owner : freshOwner;
                    continue;
                }
                joinable.add(owner);
                if (provedSender && trust.get(identity) == IdentityTrust.VERIFIED
                        && held.get(identity) == IdentityTrust.VERIFIED) {
                    provedOne.add(owner);
                }
            }
            UUID senderOwner = current(owners.get(sender));
            boolean senderJoins = trust.get(sender).joins(held.get(sender));
            UUID chosen;
            if (senderJoins && !fresh.contains(senderOwner)) {
                chosen = senderOwner;
            } else if (!joinable.isEmpty()) {
                chosen = joinable.iterator().next();
            } else if (freshOwner != null) {
                chosen = freshOwner;
            } else {
                chosen = newCustomer();
            }
            if (provedOne.contains(chosen) && provedOne.size() > 1) {
                mergeAll(i, provedOne);
                chosen = current(chosen);
            }
            for (Identity identity : mine) {
                UUID owner = current(owners.get(identity));
                IdentityTrust carried = trust.get(identity);
                if (owner.equals(chosen)) {
                    if (carried.compareTo(held.get(identity)) > 0) {
                        raise(identity, carried);
                    }
                } else if (carried.joins(held.get(identity)) && fresh.contains(owner)) {
                    if (mayHold(chosen, identity)) {
                        owners.put(identity, chosen);
                        exclusiveOf(chosen).add(identity);
                    }
                } else if (mayMerge(chosen, owner)) {
                    if (held.get(identity) == IdentityTrust.DECLARED && carried != IdentityTrust.DECLARED
                            && mayHold(chosen, identity)) {
                        owners.put(identity, chosen);
                        exclusiveOf(chosen).add(identity);
                        raise(identity, carried);
                    }
                    proposals.add(new MergeProposals.Proposal(chosen, owner, identity, carried,
                            UUID.fromString(records.get(i).id())));
                }
            }
            return chosen;
        }

        private void raise(Identity identity, IdentityTrust trust) {
            held.put(identity, trust);
            retrusted.put(identity, trust);
        }

        /** A customer for a contact whose every identity is held, but on links it may not join. */
        private UUID newCustomer() throws SQLException {
            UUID id = UUID.randomUUID();
            CustomerStore.insertCustomers(c, List.of(id));
            fresh.add(id);
            return id;
        }

        private void mergeAll(int i, Set<UUID> customers) throws SQLException {
            UUID survivor = customers.stream().min(Comparator
                    .comparing((UUID id) -> exclusiveOf(id).stream().noneMatch(x -> x.type().equals(IdentityKeys.CRM)))
                    .thenComparing(id -> rows.get(id).createdAt())
                    .thenComparing(id -> id)).orElseThrow();
            UUID recordId = UUID.fromString(records.get(i).id());
            String types = identities.get(i).stream().map(Identity::type).distinct().sorted().toList().toString();
            for (UUID other : customers) {
                if (other.equals(survivor)) {
                    continue;
                }
                var conflict = conflict(survivor, other);
                if (conflict.isPresent()) {
                    CustomerMerges.refused(c, survivor, other, ACTOR,
                            "one record carried identities of both customers " + types + ", but they hold " + conflict.get(),
                            recordId);
                    LOG.infof("Merge of customers %s and %s refused: %s", survivor, other, conflict.get());
                    continue;
                }
                CustomerMerges.merge(c, survivor, other, ACTOR,
                        "one record carried identities of both customers " + types, recordId);
                mergedInto.put(other, survivor);
                exclusiveOf(survivor).addAll(exclusiveOf(other));
                contexts.put(other.toString(), null);
            }
        }

        private boolean mayHold(UUID customer, Identity identity) {
            if (IdentityKeys.exclusiveScope(identity).isEmpty()) {
                return true;
            }
            Set<Identity> union = new HashSet<>(exclusiveOf(customer));
            union.add(identity);
            return MergeGuard.conflict(union).isEmpty();
        }

        /** Whether the guards would let the two customers become one, so that proposing it makes sense. */
        private boolean mayMerge(UUID customer, UUID other) {
            return conflict(customer, other).isEmpty();
        }

        private java.util.Optional<String> conflict(UUID customer, UUID other) {
            Set<Identity> union = new HashSet<>(exclusiveOf(customer));
            union.addAll(exclusiveOf(other));
            return MergeGuard.conflict(union);
        }

        private Set<Identity> exclusiveOf(UUID customer) {
            return exclusive.computeIfAbsent(customer, k -> new HashSet<>());
        }

        private UUID current(UUID customer) {
            UUID id = customer;
            while (mergedInto.containsKey(id)) {
                id = mergedInto.get(id);
            }
            return id;
        }

        /** Writes the identity links, re-points records whose new customer gave its identities away, drops unused ones. */
        private void settleFreshCustomers(Map<Integer, Replayed> replayed) throws SQLException {
            Map<Identity, UUID> moves = new HashMap<>();
            Set<UUID> holding = new HashSet<>();
            for (Map.Entry<Identity, UUID> entry : owners.entrySet()) {
                UUID owner = current(entry.getValue());
                holding.add(owner);
                entry.setValue(owner);
            }
            Map<Identity, UUID> claimedBy = CustomerStore.owners(c, owners.keySet());
            for (Map.Entry<Identity, UUID> entry : owners.entrySet()) {
                if (!entry.getValue().equals(current(claimedBy.get(entry.getKey())))) {
                    moves.put(entry.getKey(), entry.getValue());
                }
            }
            CustomerStore.move(c, moves, ACTOR);
            CustomerStore.retrust(c, retrusted);
            Set<UUID> used = new HashSet<>(holding);
            for (int i = 0; i < n; i++) {
                if (replayed.containsKey(i)) {
                    continue;
                }
                target[i] = current(target[i]);
                if (fresh.contains(target[i]) && !identities.get(i).isEmpty() && !holding.contains(target[i])) {
                    target[i] = owners.get(identities.get(i).get(0));
                }
                used.add(target[i]);
            }
            CustomerStore.deleteCustomers(c, fresh.stream().filter(id -> !used.contains(id)).toList());
            MergeProposals.propose(c, proposals.stream()
                    .map(p -> p.between(current(p.customer()), current(p.other())))
                    .filter(p -> !p.customer().equals(p.other()) && used.contains(p.customer())).toList());
        }

        private List<ContactRecord> contextsAndConversations(Map<Integer, Replayed> replayed) throws SQLException {
            Set<UUID> customers = new LinkedHashSet<>(List.of(target));
            Map<UUID, CustomerRow> now = CustomerStore.read(c, customers);
            Set<UUID> vipByList = CustomerStore.holdersOfAny(c, customers, settings.vipIdentities());
            Map<UUID, Map<String, Long>> counts = CustomerStore.channelCounts(c, customers);
            Map<UUID, List<Contact>> recent = CustomerStore.recentContacts(c, customers, settings.recentContacts());
            Map<UUID, Conversation> open = CustomerStore.openConversations(c, customers);
            Set<String> threadKeys = new HashSet<>();
            for (int i = 0; i < n; i++) {
                if (!replayed.containsKey(i) && records.get(i).threadKey() != null) {
                    threadKeys.add(records.get(i).threadKey());
                }
            }
            Map<String, Conversation> threads = CustomerStore.threads(c, threadKeys);
            Map<UUID, State> states = new HashMap<>();
            for (UUID id : customers) {
                CustomerRow row = now.get(id);
                states.put(id, new State(id, row.vip() || vipByList.contains(id), row.contactCount(), open.get(id),
                        recent.getOrDefault(id, List.of()), counts.getOrDefault(id, Map.of())));
            }

            Conversations conversations = new Conversations(threads);
            List<Object[]> history = new ArrayList<>();
            List<ContactRecord> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ContactRecord record = records.get(i);
                State s = states.get(target[i]);
                CustomerClass customerClass;
                UUID conversationId;
                if (replayed.containsKey(i)) {
                    customerClass = CustomerClass.of(s.vip, Math.max(0, s.contacts - 1), settings.regularAfter());
                    conversationId = replayed.get(i).conversation();
                } else {
                    customerClass = CustomerClass.of(s.vip, s.contacts, settings.regularAfter());
                    Conversation conversation = conversations.join(s, record);
                    conversationId = conversation.id();
                    String summary = ContactSummary.of(record);
                    history.add(new Object[] {UUID.fromString(record.id()), s.id, conversationId,
                            record.channel().wireName(), record.receivedAt(), summary, record.direction()});
                    s.recent.addFirst(new Contact(UUID.fromString(record.id()), conversationId, record.channel().wireName(),
                            record.receivedAt(), summary, record.direction()));
                    while (s.recent.size() > settings.recentContacts()) {
                        s.recent.removeLast();
                    }
                    s.counts.merge(record.channel().wireName(), 1L, Long::sum);
                    s.contacts++;
                }
                Map<String, Object> context = ContextSnapshot.of(s.id, customerClass, s.open, record.receivedAt(),
                        List.copyOf(s.recent), s.counts);
                contexts.put(s.id.toString(), context);
                out.add(record.toBuilder()
                        .customer(new ContactRecord.CustomerRef(s.id.toString(), customerClass.wireName()))
                        .conversationId(conversationId == null ? null : conversationId.toString())
                        .context(withChannelContext(record.context(), context))
                        .build());
            }
            conversations.write();
            writeHistory(history);
            return out;
        }

        /** The customer snapshot, keeping what the channel adapter put there (e.g. {@code context.email}). */
        private static Map<String, Object> withChannelContext(Map<String, Object> fromAdapter, Map<String, Object> snapshot) {
            if (fromAdapter == null || fromAdapter.isEmpty()) {
                return snapshot;
            }
            Map<String, Object> merged = new java.util.LinkedHashMap<>(fromAdapter);
            merged.putAll(snapshot);
            return merged;
        }

        private void writeHistory(List<Object[]> history) throws SQLException {
            if (history.isEmpty()) {
                return;
            }
            Map<UUID, Map<String, Long>> added = new HashMap<>();
            Map<UUID, Instant> last = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO contact_history (record_id, customer_id,"
                    + " conversation_id, channel, received_at, summary, direction) SELECT * FROM unnest(?::uuid[], ?::uuid[],"
                    + " ?::uuid[], ?::text[], ?::timestamptz[], ?::text[], ?::text[])"
                    + " ON CONFLICT (record_id) DO NOTHING RETURNING customer_id, channel, received_at")) {
                s.setArray(1, uuids(c, history.stream().map(h -> (UUID) h[0]).toList()));
                s.setArray(2, uuids(c, history.stream().map(h -> (UUID) h[1]).toList()));
                s.setArray(3, uuids(c, history.stream().map(h -> (UUID) h[2]).toList()));
                s.setArray(4, texts(c, history.stream().map(h -> (String) h[3]).toList()));
                s.setArray(5, timestamps(c, history.stream().map(h -> (Instant) h[4]).toList()));
                s.setArray(6, texts(c, history.stream().map(h -> (String) h[5]).toList()));
                s.setArray(7, texts(c, history.stream().map(h -> (String) h[6]).toList()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        UUID customer = rs.getObject(1, UUID.class);
                        added.computeIfAbsent(customer, k -> new HashMap<>()).merge(rs.getString(2), 1L, Long::sum);
                        Instant at = CustomerStore.instant(rs, 3);
                        last.merge(customer, at, (a, b) -> a.isAfter(b) ? a : b);
                    }
                }
            }
            List<UUID> countCustomers = new ArrayList<>();
            List<String> countChannels = new ArrayList<>();
            List<Long> countValues = new ArrayList<>();
            added.forEach((customer, byChannel) -> byChannel.forEach((channel, count) -> {
                countCustomers.add(customer);
                countChannels.add(channel);
                countValues.add(count);
            }));
            try (PreparedStatement s = c.prepareStatement("INSERT INTO customer_channel_count (customer_id, channel, contacts)"
                    + " SELECT * FROM unnest(?::uuid[], ?::text[], ?::bigint[]) ORDER BY 1, 2"
                    + " ON CONFLICT (customer_id, channel) DO UPDATE SET contacts = customer_channel_count.contacts + excluded.contacts")) {
                s.setArray(1, uuids(c, countCustomers));
                s.setArray(2, texts(c, countChannels));
                s.setArray(3, c.createArrayOf("bigint", countValues.toArray()));
                s.executeUpdate();
            }
            List<UUID> customers = new ArrayList<>(added.keySet());
            try (PreparedStatement s = c.prepareStatement("UPDATE customer c SET contact_count = c.contact_count + u.n,"
                    + " last_contact_at = greatest(c.last_contact_at, u.at)"
                    + " FROM unnest(?::uuid[], ?::bigint[], ?::timestamptz[]) AS u(id, n, at) WHERE c.id = u.id")) {
                s.setArray(1, uuids(c, customers));
                s.setArray(2, c.createArrayOf("bigint", customers.stream()
                        .map(id -> added.get(id).values().stream().mapToLong(Long::longValue).sum()).toArray()));
                s.setArray(3, timestamps(c, customers.stream().map(last::get).toList()));
                s.executeUpdate();
            }
        }

        /** Conversation bookkeeping for the batch: which to close, open, touch and bind to thread keys. */
        private final class Conversations {
            private final Map<String, Conversation> threads;
            private final Set<UUID> closed = new LinkedHashSet<>();
            private final Map<UUID, Conversation> opened = new LinkedHashMap<>();
            private final Map<UUID, Instant> touched = new LinkedHashMap<>();
            private final Map<String, UUID> bindings = new TreeMap<>();

            Conversations(Map<String, Conversation> threads) {
                this.threads = threads;
            }

            /**
             * The customer's open conversation if the record's thread is bound to it or it saw a contact
             * within the window; otherwise a new one (closing the stale one first).
             */
            Conversation join(State s, ContactRecord record) {
                Conversation open = s.open;
                String threadKey = record.threadKey();
                Conversation bound = threadKey == null ? null : threads.get(threadKey);
                boolean threaded = open != null && bound != null && bound.id().equals(open.id());
                if (open != null && !threaded
                        && open.lastContactAt().isBefore(record.receivedAt().minus(settings.conversationWindow()))) {
                    closed.add(open.id());
                    open = null;
                }
                Instant at = record.receivedAt();
                boolean created = open == null;
                if (created) {
                    open = new Conversation(UUID.randomUUID(), s.id, "open", null, null, null, at, at);
                } else if (at.isAfter(open.lastContactAt())) {
                    open = new Conversation(open.id(), open.customerId(), open.state(), open.queue(), open.assignedAgent(),
                            open.priority(), open.openedAt(), at);
                }
                s.open = open;
                if (created || opened.containsKey(open.id())) {
                    opened.put(open.id(), open);
                } else {
                    touched.put(open.id(), open.lastContactAt());
                }
                if (threadKey != null && (bound == null || bound.customerId().equals(s.id)
                        || "closed".equals(bound.state()) || closed.contains(bound.id()))) {
                    threads.put(threadKey, open);
                    bindings.put(threadKey, open.id());
                }
                return open;
            }

            void write() throws SQLException {
                Set<UUID> changed = new LinkedHashSet<>(closed);
                changed.addAll(touched.keySet());
                ConversationLocks.lockInOrder(c, changed);
                if (!closed.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE conversation SET state = 'closed',"
                            + " closed_at = now(), closed_reason = 'window-expired' WHERE id = ANY (?)")) {
                        s.setArray(1, uuids(c, closed));
                        s.executeUpdate();
                    }
                }
                if (!opened.isEmpty()) {
                    List<Conversation> list = new ArrayList<>(opened.values());
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO conversation (id, customer_id, state,"
                            + " opened_at, last_contact_at) SELECT q.id, q.customer_id, 'open', q.opened_at, q.last_contact_at"
                            + " FROM unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::timestamptz[])"
                            + " AS q(id, customer_id, opened_at, last_contact_at)")) {
                        s.setArray(1, uuids(c, list.stream().map(Conversation::id).toList()));
                        s.setArray(2, uuids(c, list.stream().map(Conversation::customerId).toList()));
                        s.setArray(3, timestamps(c, list.stream().map(Conversation::openedAt).toList()));
                        s.setArray(4, timestamps(c, list.stream().map(Conversation::lastContactAt).toList()));
                        s.executeUpdate();
                    }
                }
                if (!touched.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE conversation c SET last_contact_at ="
                            + " greatest(c.last_contact_at, u.at) FROM unnest(?::uuid[], ?::timestamptz[]) AS u(id, at)"
                            + " WHERE c.id = u.id")) {
                        s.setArray(1, uuids(c, touched.keySet()));
                        s.setArray(2, timestamps(c, touched.values()));
                        s.executeUpdate();
                    }
                }
                if (!bindings.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("INSERT INTO conversation_thread (thread_key, conversation_id)"
                            + " SELECT * FROM unnest(?::text[], ?::uuid[])"
                            + " ON CONFLICT (thread_key) DO UPDATE SET conversation_id = excluded.conversation_id")) {
                        s.setArray(1, texts(c, bindings.keySet()));
                        s.setArray(2, uuids(c, bindings.values()));
                        s.executeUpdate();
                    }
                }
            }
        }
    }
}
