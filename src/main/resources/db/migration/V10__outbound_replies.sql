-- Agents' replies to customers (docs/routing-and-agent-loop.md "Replies"): one row per replyId, written by the
-- outbound-intake route before the command's offset is committed, claimed by the outbound-dispatch route.
CREATE TABLE reply (
    reply_id             TEXT PRIMARY KEY,                 -- chosen by the agent tool; a second command is a no-op
    conversation_id      UUID NOT NULL,
    customer_id          UUID,                             -- null only for a command refused at intake
    channel              TEXT,                             -- likewise
    account              TEXT,                             -- WeChat account or mailbox; null for chat and phone
    recipient            TEXT,                             -- openid, UserID, E.164, email address, chat visitor
    recipient_session    TEXT,                             -- chat session
    email_thread         TEXT,                             -- JSON {messageId, references, subject}
    agent_id             TEXT NOT NULL,
    text                 TEXT NOT NULL,
    attachments          TEXT NOT NULL DEFAULT '[]',       -- JSON [{name, contentType, content (base64)}]
    status               TEXT NOT NULL CHECK (status IN ('accepted', 'sent', 'delivered', 'failed')),
    attempts             INT NOT NULL DEFAULT 0,
    first_attempt_at     TIMESTAMPTZ,
    next_attempt_at      TIMESTAMPTZ,                      -- due for dispatch while status = 'accepted'
    lease_until          TIMESTAMPTZ,                      -- a claim; expired = the claimer died mid-attempt
    may_have_been_sent   BOOLEAN NOT NULL DEFAULT FALSE,   -- the last attempt may have reached the channel
    provider_message_id  TEXT,
    last_code            TEXT,
    last_reason          TEXT,
    possible_duplicate   BOOLEAN NOT NULL DEFAULT FALSE,
    published_status     TEXT,                             -- the last status written to outbound.status
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reply_due ON reply (next_attempt_at) WHERE status = 'accepted';
CREATE INDEX reply_unpublished ON reply (updated_at) WHERE published_status IS DISTINCT FROM status;
CREATE INDEX reply_provider_message ON reply (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;

-- Both sides of a conversation in the customer's recent contacts.
ALTER TABLE contact_history ADD COLUMN direction TEXT NOT NULL DEFAULT 'inbound';
