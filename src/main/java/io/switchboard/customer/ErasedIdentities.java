package io.switchboard.customer;

import io.switchboard.domain.Identity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The {@code erased_identity} tombstones: SHA-256 hashes of an erased customer's identities, never the
 * values, kept for a bounded time. A hash of a phone number can be reversed by trying every number, so the
 * table is personal data too; that is why it expires once no pre-erasure copy of a message can remain on a
 * topic, and why nothing else is kept.
 */
public final class ErasedIdentities {

    private ErasedIdentities() {}

    /** Hex SHA-256 of the identity's type and value. */
    static String hash(Identity identity) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(
                    sha.digest((identity.type() + '\u0000' + identity.value()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Within the erasing transaction, before the identities are deleted. */
    static void remember(Connection c, Collection<Identity> identities, Instant erasedAt, Duration keep)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO erased_identity (identity_hash, erased_at, expires_at)"
                + " VALUES (?, ?, ?) ON CONFLICT (identity_hash) DO UPDATE SET erased_at = excluded.erased_at,"
                + " expires_at = excluded.expires_at")) {
            for (Identity identity : identities) {
                s.setString(1, hash(identity));
                s.setTimestamp(2, Timestamp.from(erasedAt));
                s.setTimestamp(3, Timestamp.from(erasedAt.plus(keep)));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** When each of {@code identities} that belonged to an erased customer was erased, keyed by its hash. */
    static Map<String, Instant> erasedAt(Connection c, Collection<Identity> identities) throws SQLException {
        Map<String, Instant> out = new HashMap<>();
        if (identities.isEmpty()) {
            return out;
        }
        Object[] hashes = identities.stream().map(ErasedIdentities::hash).toArray();
        Array array = c.createArrayOf("text", hashes);
        try (PreparedStatement s = c.prepareStatement(
                "SELECT identity_hash, erased_at FROM erased_identity WHERE identity_hash = ANY (?)")) {
            s.setArray(1, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        } finally {
            array.free();
        }
        return out;
    }

    static int deleteExpired(Connection c, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM erased_identity WHERE expires_at < ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            return s.executeUpdate();
        }
    }
}
