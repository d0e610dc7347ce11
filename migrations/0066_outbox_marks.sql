-- The outbox must not get slower with age (src/modules/outbox/). A consumer's claim walked its topics' rows from the
-- oldest ever written and probed outbox_deliveries for each: every poll cost every row ever written.
--
-- Each row now records the transaction that wrote it (`xid`, its top-level transaction id, 64-bit so it never wraps),
-- and each consumer keeps a low-water mark over those ids: every row of its topics written by a transaction below
-- `delivered_below` is delivered to it, so its claim starts at the mark (index outbox_topic_xid_idx). The mark is
-- on transaction ids, not on row ids, because a row id is drawn at INSERT and becomes visible at COMMIT: a
-- transaction that commits late has smaller ids than rows already claimed. A transaction id below
-- pg_snapshot_xmin(snapshot) belongs to a transaction that has ended, so its rows are all visible in that snapshot;
-- any transaction still running or yet to start has an id at or above it. The mark never passes that xmin, nor the
-- oldest row it still sees undelivered, so no row that commits later can fall below it.
--
-- Rows written before this migration get xid 0 (a constant default, no table rewrite): below every mark but the
-- first (0), so each consumer looks at them once more, then moves past them once they are all delivered.
ALTER TABLE outbox ADD COLUMN xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE outbox ALTER COLUMN xid SET DEFAULT pg_current_xact_id();
CREATE INDEX outbox_topic_xid_idx ON outbox (topic, xid);

-- One row per consumer (written by consumeOutbox after each round). `topics`: the topics the mark was computed for;
-- when a consumer's topics change its mark starts again from 0 (it may owe old messages of a new topic).
CREATE TABLE outbox_consumer_marks (
  consumer text PRIMARY KEY CHECK (consumer ~ '^[a-z][a-z0-9_.-]{0,62}$'),
  topics text[] NOT NULL,
  delivered_below xid8 NOT NULL DEFAULT '0',
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Retention (job outbox.purge) deletes old outbox rows every consumer of their topic has delivered; their delivery
-- rows go by ON DELETE CASCADE, whose lookup by outbox_id the primary key (consumer, outbox_id) cannot serve: without
-- this index every deleted row would scan all of outbox_deliveries.
CREATE INDEX outbox_deliveries_outbox_idx ON outbox_deliveries (outbox_id);
