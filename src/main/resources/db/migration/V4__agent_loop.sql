-- What the agent-event loop keeps per conversation beyond V2/V3 (written only by that loop): the
-- ordering of applied events, the latest routed record (re-published on transfer, SLA breach and
-- next-target moves), the rule's remaining targets, and the survey guard.
CREATE TABLE loop_conversation (
    conversation_id      UUID PRIMARY KEY,
    events_partition     INT NOT NULL,
    last_event_at        TIMESTAMPTZ NOT NULL,
    last_event_identity  TEXT NOT NULL,              -- type|at|agent|detail of the last applied event
    customer_id          TEXT,
    channel              TEXT,
    latest_record_id     UUID,
    latest_record        TEXT,                       -- ContactRecord JSON as published on its lane
    next_targets         TEXT NOT NULL DEFAULT '[]', -- JSON [{"queue","after"}] still to try while unclaimed
    move_at              TIMESTAMPTZ,                -- when an unclaimed contact moves to next_targets[0]
    survey_due_at        TIMESTAMPTZ,                -- set by the first `resolved` only: one survey per conversation
    survey_agent         TEXT,
    survey_resolved_at   TIMESTAMPTZ,
    survey_sent_at       TIMESTAMPTZ
);
-- Timers of a partition other than the SLA clocks, loaded when the partition is assigned.
CREATE INDEX loop_conversation_moves ON loop_conversation (events_partition, move_at) WHERE move_at IS NOT NULL;
CREATE INDEX loop_conversation_surveys ON loop_conversation (events_partition, survey_due_at)
    WHERE survey_due_at IS NOT NULL AND survey_sent_at IS NULL;
