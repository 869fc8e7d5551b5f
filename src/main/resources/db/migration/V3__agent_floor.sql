-- The agent floor: what the agent-event loop knows (written only by the consumer of
-- switchboard.agent-events, one writer per conversation thanks to its partition key) and what routing,
-- GET /queues and the dashboard read. conversation.state / queue / assigned_agent / priority (V2) are
-- kept up to date by the same consumer.

-- Presence from agent-online / agent-offline events; an older event never overwrites a newer one.
-- queues: the queues the agent said it works (agent-online's optional "queues"); empty = every queue.
CREATE TABLE agent_presence (
    agent_id    TEXT PRIMARY KEY,
    online      BOOLEAN NOT NULL,
    queues      TEXT[] NOT NULL DEFAULT '{}',
    changed_at  TIMESTAMPTZ NOT NULL
);

-- Contacts routed to a queue lane and not yet claimed: the queue backlog. A row appears with the
-- gateway's `routed` event and goes with the conversation's `claimed`, `transferred` or `resolved`.
CREATE TABLE queue_waiting (
    record_id        UUID PRIMARY KEY,
    conversation_id  UUID NOT NULL,
    queue            TEXT NOT NULL,
    priority         TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    waiting_since    TIMESTAMPTZ NOT NULL
);
CREATE INDEX queue_waiting_lane ON queue_waiting (queue, priority, waiting_since);
CREATE INDEX queue_waiting_conversation ON queue_waiting (conversation_id);

-- SLA clocks of open conversations. Each belongs to the agent-events partition of its conversation,
-- so the instance that owns the partition owns the timer and a new owner rebuilds it from here.
CREATE TABLE sla_clock (
    conversation_id   UUID NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('first-response', 'resolution')),
    events_partition  INT NOT NULL,
    queue             TEXT NOT NULL,
    priority          TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
    escalation_queue  TEXT,
    started_at        TIMESTAMPTZ NOT NULL,
    warn_at           TIMESTAMPTZ NOT NULL,
    due_at            TIMESTAMPTZ NOT NULL,
    warned_at         TIMESTAMPTZ,
    breached_at       TIMESTAMPTZ,
    stopped_at        TIMESTAMPTZ,
    PRIMARY KEY (conversation_id, kind)
);
-- The timers still to fire, per partition, in firing order.
CREATE INDEX sla_clock_pending ON sla_clock (events_partition, warn_at)
    WHERE stopped_at IS NULL AND breached_at IS NULL;
-- "At risk" per queue lane: running clocks past their warning point.
CREATE INDEX sla_clock_running_lane ON sla_clock (queue, priority) WHERE stopped_at IS NULL;
