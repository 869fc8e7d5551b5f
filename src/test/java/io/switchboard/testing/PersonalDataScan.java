package io.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;

/**
 * Looks for a person's identities and words everywhere the gateway keeps data: every row of every table of its
 * schema, and every record (key, headers, value) of every topic on the broker.
 */
public final class PersonalDataScan {

    private PersonalDataScan() {}

    /** {@code "<table> holds '<needle>': <row as JSON>"} for every row holding one of the needles. */
    public static List<String> tablesContainingAnyOf(Database database, List<String> needles) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = database.connection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("customer_identity", "contact_history", "loop_conversation", "processed_message",
                    "reply");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT row_to_json(t)::text FROM \"" + table + "\" t")) {
                    while (rs.next()) {
                        String row = rs.getString(1);
                        firstIn(row, needles).ifPresent(n -> found.add(table + " holds '" + n + "': " + row));
                    }
                }
            }
        }
        return found;
    }

    /** A record on a topic that holds one of the needles, with what bounds how long the topic keeps it. */
    public record TopicCopy(String topic, String needle, String key, boolean tombstone, Instant writtenAt,
            Map<String, String> topicConfig) {

        public boolean compacted() {
            return topicConfig.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, "").contains(TopicConfig.CLEANUP_POLICY_COMPACT);
        }

        /** How long the record can stay: retention.ms, or for a compacted topic max.compaction.lag.ms. */
        public Duration keptAtMost() {
            String bound = topicConfig.get(compacted() ? TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG
                    : TopicConfig.RETENTION_MS_CONFIG);
            return Duration.ofMillis(Long.parseLong(bound));
        }

        @Override
        public String toString() {
            return topic + " '" + needle + "' key " + key + " at " + writtenAt;
        }
    }

    /** Every record of every topic but the broker's own holding one of the needles. */
    public static List<TopicCopy> topicRecordsContainingAnyOf(List<String> needles) throws Exception {
        List<TopicCopy> found = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                GatewayInfrastructure.bootstrapServers()))) {
            List<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> !t.startsWith("__")).sorted().toList();
            assertThat(topics).contains("switchboard.inbound.raw", "switchboard.contacts", "switchboard.dead-letter");
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get(10, TimeUnit.SECONDS);
            for (String topic : topics) {
                Map<String, String> config = new HashMap<>();
                configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).entries()
                        .forEach(e -> config.put(e.name(), e.value()));
                for (ConsumerRecord<String, byte[]> r : TopicReader.read(topic, x -> true, 0, Duration.ofSeconds(30))) {
                    firstIn(text(r), needles).ifPresent(n -> found.add(new TopicCopy(topic, n, r.key(), r.value() == null,
                            Instant.ofEpochMilli(r.timestamp()), config)));
                }
            }
        }
        return found;
    }

    /** The value of the last record with {@code key} on {@code topic} (null: a tombstone, or no record). */
    public static byte[] latestValue(String topic, String key) {
        List<ConsumerRecord<String, byte[]>> all = TopicReader.read(topic, TopicReader.keyIs(key), 0, Duration.ofSeconds(30));
        return all.isEmpty() ? null : all.get(all.size() - 1).value();
    }

    private static String text(ConsumerRecord<String, byte[]> r) {
        StringBuilder text = new StringBuilder(String.valueOf(r.key()));
        for (Header header : r.headers()) {
            text.append('\n').append(header.key()).append('=')
                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        if (r.value() != null) {
            text.append('\n').append(new String(r.value(), StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static Optional<String> firstIn(String text, List<String> needles) {
        return needles.stream().filter(text::contains).findFirst();
    }
}
