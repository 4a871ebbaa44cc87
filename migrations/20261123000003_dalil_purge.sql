-- How far the outbox has been purged. A consumer whose cursor is below this missed changes
-- that are gone, and must rebuild from a snapshot instead of draining.
CREATE TABLE dalil_outbox_purged (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    txid XID8 NOT NULL,
    id BIGINT NOT NULL,
    purged_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
