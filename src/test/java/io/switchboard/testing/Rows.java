package io.switchboard.testing;

import io.switchboard.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** One-statement reads and writes of the gateway's database, for tests that check or move its rows. */
public final class Rows {

    private Rows() {}

    /** The single number {@code sql} selects, its parameters bound as strings (cast them in SQL). */
    public static long count(Database database, String sql, String... parameters) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = prepared(c, sql, parameters);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static int update(Database database, String sql, String... parameters) throws SQLException {
        try (Connection c = database.connection(); PreparedStatement s = prepared(c, sql, parameters)) {
            return s.executeUpdate();
        }
    }

    private static PreparedStatement prepared(Connection c, String sql, String... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setString(i + 1, parameters[i]);
        }
        return s;
    }
}
