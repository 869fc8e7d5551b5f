-- Identities of erased customers, as SHA-256 hashes of type and value, so that a message received
-- before the erasure and processed again later (a dead letter replayed, a batch re-read after a
-- crash) cannot bring the customer back. Kept only while such a copy can still be on a topic
-- (switchboard.customers.erasure-tombstone-days), then deleted by the retention job.
CREATE TABLE erased_identity (
    identity_hash  TEXT PRIMARY KEY,          -- hex
    erased_at      TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX erased_identity_expires ON erased_identity (expires_at);
