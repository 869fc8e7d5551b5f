-- The two-year record: every ContactRecord as it was published (tags, priority, SLA, text), next to its
-- history line. Kafka topics keep messages a week (switchboard.kafka.retention); this copy is the one an
-- erasure deletes and the retention job expires with the history line.
ALTER TABLE contact_history ADD COLUMN record JSONB;
