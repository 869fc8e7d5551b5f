package io.switchboard.customer;

import static io.switchboard.customer.CustomerStore.texts;
import static io.switchboard.customer.CustomerStore.uuids;

import io.switchboard.domain.Identity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Merges a contact suggests but cannot prove: it carried an identity, below verified trust, that another
 * customer holds (or held, until the contact took a merely declared link over). They wait for an agent, who
 * confirms (the two customers merge) or rejects them. One proposal per pair and identity: a rejected claim does not ask again.
 */
public final class MergeProposals {

    /** {@code customer}'s contact carried {@code identity} (at {@code trust}), which {@code other} holds. */
    public record Proposal(UUID customer, UUID other, Identity identity, IdentityTrust trust, UUID recordId) {

        public Proposal between(UUID customer, UUID other) {
            return new Proposal(customer, other, identity, trust, recordId);
        }
    }

    /** An open proposal, as an agent decides on it. */
    public record Open(UUID id, UUID customer, UUID other, Identity identity) {}

    private MergeProposals() {}

    public static void propose(Connection c, List<Proposal> proposals) throws SQLException {
        if (proposals.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO merge_proposal (id, customer_id, other_id,"
                + " identity_type, identity_value, trust, record_id) SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[],"
                + " ?::text[], ?::text[], ?::text[], ?::uuid[]) ON CONFLICT DO NOTHING")) {
            s.setArray(1, uuids(c, proposals.stream().map(p -> UUID.randomUUID()).toList()));
            s.setArray(2, uuids(c, proposals.stream().map(Proposal::customer).toList()));
            s.setArray(3, uuids(c, proposals.stream().map(Proposal::other).toList()));
            s.setArray(4, texts(c, proposals.stream().map(p -> p.identity().type()).toList()));
            s.setArray(5, texts(c, proposals.stream().map(p -> p.identity().value()).toList()));
            s.setArray(6, texts(c, proposals.stream().map(p -> p.trust().wireName()).toList()));
            s.setArray(7, uuids(c, proposals.stream().map(Proposal::recordId).toList()));
            s.executeUpdate();
        }
    }

    /** The customer's proposals, open ones first, either side. */
    public static List<Map<String, Object>> of(Connection c, UUID customer) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, customer_id, other_id, identity_type, identity_value,"
                + " trust, record_id, proposed_at, decision, decided_by, decided_at FROM merge_proposal"
                + " WHERE customer_id = ? OR other_id = ? ORDER BY decision IS NOT NULL, proposed_at DESC")) {
            s.setObject(1, customer);
            s.setObject(2, customer);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("id", rs.getString(1));
                    p.put("customerId", rs.getString(2));
                    p.put("otherCustomerId", rs.getString(3));
                    p.put("identity", Map.of("type", rs.getString(4), "value", rs.getString(5)));
                    p.put("trust", rs.getString(6));
                    p.put("recordId", rs.getString(7));
                    p.put("proposedAt", CustomerStore.instant(rs, 8).toString());
                    p.put("decision", rs.getString(9));
                    p.put("decidedBy", rs.getString(10));
                    p.put("decidedAt", rs.getTimestamp(11) == null ? null : CustomerStore.instant(rs, 11).toString());
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** The proposal, locked, if it exists and is still open. */
    static Optional<Open> lockOpen(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT customer_id, other_id, identity_type, identity_value"
                + " FROM merge_proposal WHERE id = ? AND decision IS NULL FOR UPDATE")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Open(id, rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                new Identity(rs.getString(3), rs.getString(4))))
                        : Optional.empty();
            }
        }
    }

    static void decide(Connection c, UUID id, String decision, String actor) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE merge_proposal SET decision = ?, decided_by = ?, decided_at = now() WHERE id = ?")) {
            s.setString(1, decision);
            s.setString(2, actor);
            s.setObject(3, id);
            s.executeUpdate();
        }
    }
}
