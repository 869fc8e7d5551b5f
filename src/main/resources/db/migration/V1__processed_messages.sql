-- Which raw messages already became a published ContactRecord: the channel's retries,
-- a re-polled mailbox or a re-dropped CDR file must not produce a second record.
CREATE TABLE processed_message (
    message_key   TEXT PRIMARY KEY,          -- channel + ':' + the provider's message id
    record_id     UUID NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX processed_message_published_at ON processed_message (published_at);
