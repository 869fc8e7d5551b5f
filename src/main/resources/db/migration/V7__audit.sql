-- Who read or changed what: one row per operator API call that touches a customer's data or changes
-- state, with the name of the credential (never the key). detail holds no personal data (identity
-- types, counts, positions), so the rows can outlive an erasure as the record that it happened.
CREATE TABLE audit_event (
    id           BIGSERIAL PRIMARY KEY,
    at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    action       TEXT NOT NULL,
    customer_id  UUID,
    detail       TEXT
);
CREATE INDEX audit_event_customer ON audit_event (customer_id, at DESC);
CREATE INDEX audit_event_at ON audit_event (at);
