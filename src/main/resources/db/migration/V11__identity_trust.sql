-- How far each identity link is proved (docs/security.md, "Identity trust"): only 'verified' links
-- merge customers automatically. Links made before this migration are graded by what their type
-- could prove: WeChat ids, signed chat visitors and CRM ids were verified by the channel or an
-- operator; an e-mail or phone may have been typed into a chat widget, so it counts as a sender's
-- address until a verified contact proves it.
ALTER TABLE customer_identity ADD COLUMN trust TEXT NOT NULL DEFAULT 'declared'
    CHECK (trust IN ('declared', 'sender', 'verified'));
UPDATE customer_identity SET trust = CASE
    WHEN type IN ('wechat-openid', 'wechat-unionid', 'chat-visitor', 'crm') THEN 'verified'
    ELSE 'sender' END;

-- A merge a contact suggests but cannot prove: an identity it carries below 'verified' trust belongs
-- to another customer. An agent confirms (the customers merge) or rejects it.
CREATE TABLE merge_proposal (
    id              UUID PRIMARY KEY,
    customer_id     UUID NOT NULL REFERENCES customer (id),   -- the contact's customer
    other_id        UUID NOT NULL REFERENCES customer (id),   -- the customer holding the identity
    identity_type   TEXT NOT NULL,
    identity_value  TEXT NOT NULL,
    trust           TEXT NOT NULL,                            -- how the contact carried it
    record_id       UUID NOT NULL,
    proposed_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    decision        TEXT CHECK (decision IN ('confirmed', 'rejected')),
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ
);
-- One proposal per pair and identity, however often the contact repeats the claim; once an agent
-- rejected it, the same claim does not ask again.
CREATE UNIQUE INDEX merge_proposal_pair ON merge_proposal
    (least(customer_id, other_id), greatest(customer_id, other_id), identity_type, identity_value);
CREATE INDEX merge_proposal_customer ON merge_proposal (customer_id);
CREATE INDEX merge_proposal_other ON merge_proposal (other_id);
