package io.switchboard.audit;

import io.switchboard.security.Caller;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The audit trail of the operator API (table {@code audit_event}): every read of a customer's data and
 * every change, by credential name. Operator routes write it before they answer, and answer 503 when it
 * cannot be written: data is never handed out unaudited.
 */
@Singleton
public class AuditLog {

    /** One audited call. {@code customerId} is empty for actions not about one customer. */
    public record Entry(long id, String at, String actor, String role, String action, String customerId, String detail) {}

    private final DataSource dataSource;

    @Inject
    public AuditLog(Database database) {
        this(database.operatorDataSource());
    }

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records {@code action} once per customer, or once without a customer when there are none. */
    public void record(Caller caller, String action, Collection<UUID> customers, String detail) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO audit_event (actor, role, action, customer_id, detail) VALUES (?, ?, ?, ?, ?)")) {
            List<UUID> rows = customers.isEmpty() ? java.util.Collections.singletonList(null) : List.copyOf(customers);
            for (UUID customer : rows) {
                s.setString(1, caller.name());
                s.setString(2, caller.role().wireName());
                s.setString(3, action);
                s.setObject(4, customer);
                s.setString(5, detail);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public void record(Caller caller, String action, Optional<UUID> customer, String detail) throws SQLException {
        record(caller, action, customer.map(List::of).orElse(List.of()), detail);
    }

    /** Newest first; {@code customer} empty lists every entry. */
    public List<Entry> entries(Optional<UUID> customer, int limit) throws SQLException {
        String sql = "SELECT id, at, actor, role, action, customer_id, detail FROM audit_event"
                + (customer.isPresent() ? " WHERE customer_id = ?" : "") + " ORDER BY at DESC, id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (customer.isPresent()) {
                s.setObject(i++, customer.get());
            }
            s.setInt(i, limit);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant().toString(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
            return out;
        }
    }
}
