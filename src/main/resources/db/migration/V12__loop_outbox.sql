-- The agent loop's transactional outbox: each loop transaction (applied agent events, fired timers)
-- inserts what it publishes here instead of sending it, so the database decides once whether an
-- escalation happened. One relay (elected with an advisory lock) publishes the rows in Kafka
-- transactions, together with the list of sequences it published on the relay-progress topic, and
-- then deletes them: a row is published by exactly one committed Kafka transaction.
CREATE TABLE loop_outbox (
    seq        BIGSERIAL PRIMARY KEY,      -- publication order; per conversation also commit order
    topic      TEXT NOT NULL,
    record_key TEXT,
    value      BYTEA,
    headers    TEXT,                       -- JSON [{"name", "value": base64}], null when there are none
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The next agent-events offset of each partition not yet applied, written in the same transaction as
-- what the events did: a poll redelivered after its database commit (the offset commit failed or
-- the instance died) is skipped record by record, so it neither changes state nor adds outbox rows.
CREATE TABLE loop_applied_offset (
    topic       TEXT NOT NULL,
    partition   INT NOT NULL,
    next_offset BIGINT NOT NULL,
    PRIMARY KEY (topic, partition)
);
