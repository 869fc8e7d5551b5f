package io.switchboard.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The SQL of {@code loop_outbox} (V12): the loop's transactions insert, the relay reads in sequence
 * order and deletes what it published. An insert notifies {@link #CHANNEL} at commit, which wakes the relay.
 */
public class OutboxRows {

    /** LISTEN/NOTIFY channel the relay waits on. */
    static final String CHANNEL = "loop_outbox";

    /** A row not yet deleted: published already only if a committed relay-progress record lists its sequence. */
    public record Pending(long seq, ProducerRecord<String, byte[]> record) {}

    private final ObjectMapper json;

    public OutboxRows(ObjectMapper json) {
        this.json = json;
    }

    /** Inside the caller's transaction; nothing (not even a notification) when there is nothing to publish. */
    public void insert(Connection c, Collection<ProducerRecord<String, byte[]>> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO loop_outbox (topic, record_key, value, headers) VALUES (?, ?, ?, ?)")) {
            for (ProducerRecord<String, byte[]> record : records) {
                s.setString(1, record.topic());
                s.setString(2, record.key());
                s.setBytes(3, record.value());
                s.setString(4, headers(record));
                s.addBatch();
            }
            s.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("NOTIFY " + CHANNEL);
        }
    }

    /** The oldest {@code max} rows, in sequence order. */
    public List<Pending> oldest(Connection c, int max) throws SQLException {
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT seq, topic, record_key, value, headers FROM loop_outbox ORDER BY seq LIMIT ?")) {
            s.setInt(1, max);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    pending.add(new Pending(rs.getLong(1), new ProducerRecord<>(rs.getString(2), null, rs.getString(3),
                            rs.getBytes(4), headers(rs.getString(5)))));
                }
            }
        }
        return pending;
    }

    /** @return how many of the rows were still there */
    public int delete(Connection c, Collection<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM loop_outbox WHERE seq = ANY (?)")) {
            s.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
            return s.executeUpdate();
        }
    }

    private String headers(ProducerRecord<String, byte[]> record) {
        Header[] headers = record.headers().toArray();
        if (headers.length == 0) {
            return null;
        }
        ArrayNode list = json.createArrayNode();
        for (Header header : headers) {
            list.addObject().put("name", header.key()).put("value", header.value());
        }
        return list.toString();
    }

    private RecordHeaders headers(String stored) {
        RecordHeaders headers = new RecordHeaders();
        if (stored == null) {
            return headers;
        }
        try {
            for (JsonNode header : json.readTree(stored)) {
                JsonNode value = header.get("value");
                headers.add(header.get("name").asText(),
                        value.isNull() ? null : Base64.getDecoder().decode(value.asText()));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("loop_outbox headers are not the JSON this class writes", e);
        }
        return headers;
    }
}
