-- Customer context: who a contact belongs to across channels, which conversation it joins, and what
-- the customer did before. Uniqueness lives here, not in the gateway, so that concurrent pipeline
-- threads and gateway pods can never create the same customer twice.

CREATE TABLE customer (
    id               UUID PRIMARY KEY,
    display_name     TEXT,
    vip              BOOLEAN NOT NULL DEFAULT FALSE,        -- set by an operator (or a CRM sync)
    contact_count    BIGINT NOT NULL DEFAULT 0,             -- anonymous: survives erasure and retention
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_contact_at  TIMESTAMPTZ,
    merged_into      UUID REFERENCES customer (id),         -- set while this customer is merged into another
    erased_at        TIMESTAMPTZ
);

-- One identity (phone E.164, lower-cased email, WeChat OpenID '<account>:<openid>', UnionID, chat
-- visitor, CRM id) belongs to exactly one customer.
CREATE TABLE customer_identity (
    type         TEXT NOT NULL,
    value        TEXT NOT NULL,
    customer_id  UUID NOT NULL REFERENCES customer (id),
    linked_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    linked_by    TEXT NOT NULL,                             -- 'pipeline' or 'operator:<who>'
    PRIMARY KEY (type, value)
);
CREATE INDEX customer_identity_customer ON customer_identity (customer_id);

CREATE TABLE conversation (
    id               UUID PRIMARY KEY,
    customer_id      UUID NOT NULL REFERENCES customer (id),
    state            TEXT NOT NULL CHECK (state IN ('open', 'assigned', 'responded', 'resolved', 'closed')),
    queue            TEXT,
    assigned_agent   TEXT,
    priority         TEXT,
    opened_at        TIMESTAMPTZ NOT NULL,
    last_contact_at  TIMESTAMPTZ NOT NULL,
    closed_at        TIMESTAMPTZ,
    closed_reason    TEXT
);
-- At most one conversation per customer that is not closed.
CREATE UNIQUE INDEX conversation_one_open ON conversation (customer_id) WHERE state <> 'closed';

-- Email thread keys and chat session ids bind a contact to its conversation whatever the time window.
CREATE TABLE conversation_thread (
    thread_key       TEXT PRIMARY KEY,
    conversation_id  UUID NOT NULL REFERENCES conversation (id)
);
CREATE INDEX conversation_thread_conversation ON conversation_thread (conversation_id);

-- Contact history: one line per ContactRecord, never the message itself.
CREATE TABLE contact_history (
    record_id        UUID PRIMARY KEY,
    customer_id      UUID NOT NULL REFERENCES customer (id),
    conversation_id  UUID REFERENCES conversation (id),
    channel          TEXT NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    summary          TEXT
);
CREATE INDEX contact_history_customer_recent ON contact_history (customer_id, received_at DESC);
CREATE INDEX contact_history_received_at ON contact_history (received_at);

-- Anonymous counts per channel: kept when history is erased or expires.
CREATE TABLE customer_channel_count (
    customer_id  UUID NOT NULL REFERENCES customer (id),
    channel      TEXT NOT NULL,
    contacts     BIGINT NOT NULL,
    PRIMARY KEY (customer_id, channel)
);

-- Every merge (and every merge refused by a guard), with what moved, so an operator can undo it.
CREATE TABLE customer_merge (
    id                       UUID PRIMARY KEY,
    outcome                  TEXT NOT NULL CHECK (outcome IN ('merged', 'refused')),
    survivor_id              UUID NOT NULL REFERENCES customer (id),
    merged_id                UUID NOT NULL REFERENCES customer (id),
    actor                    TEXT NOT NULL,
    reason                   TEXT NOT NULL,              -- identity types only, never values
    record_id                UUID,
    at                       TIMESTAMPTZ NOT NULL DEFAULT now(),
    moved_identity_types     TEXT[] NOT NULL DEFAULT '{}',
    moved_identity_values    TEXT[] NOT NULL DEFAULT '{}',
    moved_conversations      UUID[] NOT NULL DEFAULT '{}',
    moved_contacts           UUID[] NOT NULL DEFAULT '{}',
    closed_conversation      UUID,
    closed_conversation_state TEXT,
    undone_at                TIMESTAMPTZ,
    undone_by                TEXT
);
CREATE INDEX customer_merge_survivor ON customer_merge (survivor_id);
CREATE INDEX customer_merge_merged ON customer_merge (merged_id);
