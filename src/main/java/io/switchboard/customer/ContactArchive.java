package io.switchboard.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.domain.ContactRecord;
import io.switchboard.pipeline.PipelineBatch;
import io.switchboard.store.Database;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stage: keeps each published ContactRecord in its {@code contact_history} row, the archive that holds
 * the two-year record in a store erasure can delete from (a Kafka topic can only expire). One statement
 * per batch.
 */
@Singleton
@Named("contactArchive")
public class ContactArchive {

    private final DataSource dataSource;
    private final ObjectMapper json;

    @Inject
    public ContactArchive(Database database, ObjectMapper json) {
        this(database.dataSource(), json);
    }

    public ContactArchive(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public void keep(PipelineBatch batch) throws SQLException, JsonProcessingException {
        List<UUID> ids = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (PipelineBatch.Item item : batch.live()) {
            ContactRecord record = item.record();
            if (record.customer() != null) {
                ids.add(UUID.fromString(record.id()));
                records.add(json.writeValueAsString(record));
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE contact_history h SET record = a.record::jsonb"
                        + " FROM unnest(?::uuid[], ?::text[]) AS a(record_id, record) WHERE h.record_id = a.record_id")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.setArray(2, c.createArrayOf("text", records.toArray()));
            s.executeUpdate();
        }
    }
}
