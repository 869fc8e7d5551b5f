-- Satisfaction surveys sent to the customer on their channel, and their answers (issue 15 item 6).
-- A survey is a reply the gateway writes itself: `automatic` keeps it from counting as the agent's answer.
ALTER TABLE reply ADD COLUMN automatic BOOLEAN NOT NULL DEFAULT false;
-- The order replies were accepted in: a conversation's next reply is claimed only once the one before it
-- is sent or failed, so the customer reads them in the order they were written, whichever gateway sends.
ALTER TABLE reply ADD COLUMN accepted_seq BIGSERIAL;
CREATE INDEX reply_pending_by_conversation ON reply (conversation_id, accepted_seq) WHERE status = 'accepted';

CREATE TABLE survey (
    conversation_id  UUID PRIMARY KEY,             -- one survey per conversation, as the loop requests it
    reply_id         TEXT NOT NULL,                -- the reply that carries the question
    channel          TEXT NOT NULL,
    agent_id         TEXT,                         -- who resolved the conversation: the score rates them
    requested_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    answer_by        TIMESTAMPTZ NOT NULL,         -- a later "5" is a new message, not an answer
    score            SMALLINT CHECK (score BETWEEN 1 AND 5),
    comment          TEXT,
    answered_at      TIMESTAMPTZ,
    answer_record_id UUID                          -- the ContactRecord that answered: a re-processed batch finds it again
);
CREATE INDEX survey_open ON survey (answer_by) WHERE answered_at IS NULL;
