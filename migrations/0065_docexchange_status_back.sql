-- Our status messages about a package we received (01 received, 03 accepted, 04 assigned, 05 in progress, 06
-- completed; src/modules/docexchange/): recorded first — in the package's transaction, or by the outbox consumer
-- 'docexchange' as the incoming document moves on — then sent in order by the poll job. `delivery` stays 'pending'
-- while the exchange cannot be reached (retried every minute); 'refused' when the exchange answered 4xx. Rows of
-- direction 'in' (statuses partners sent us) and the rows written before this migration are 'sent'.
ALTER TABLE docexchange_statuses
  ADD COLUMN delivery text NOT NULL DEFAULT 'sent' CHECK (delivery IN ('pending', 'sent', 'refused')),
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN last_error text;

-- Each code goes back at most once per package (the consumer is at-least-once: applying twice must send once).
CREATE UNIQUE INDEX docexchange_statuses_out_code_key ON docexchange_statuses (package_id, code) WHERE direction = 'out';
CREATE INDEX docexchange_statuses_pending_idx ON docexchange_statuses (package_id, id) WHERE delivery = 'pending';
