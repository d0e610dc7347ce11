-- Audit entries are appended without a global lock and sealed into the hash chain afterwards.
--
-- Before, every append took a transaction-scoped advisory lock to read the chain's head, so every audited
-- transaction in the system committed one after the other. Now `record` inserts the entry alone (seq,
-- prev_hash and hash NULL) in the caller's transaction; the sealer (job `audit.seal`, and `audit verify`
-- before it walks the chain) takes the lock, reads the committed entries not yet sealed in id order, and gives
-- each its chain position (seq), the previous hash and its own hash. The chain order is seq.
ALTER TABLE audit_log
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  ADD COLUMN seq bigint;

-- Entries chained before this migration keep their links; their position is their id.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET seq = id;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

ALTER TABLE audit_log ADD CONSTRAINT audit_log_sealed_whole
  CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL));
CREATE UNIQUE INDEX audit_log_seq_idx ON audit_log (seq);
CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE seq IS NULL;

-- Still append-only: the one update allowed is sealing an unsealed entry, every recorded field unchanged.
CREATE OR REPLACE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
     AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_name, NEW.agency_id, NEW.action, NEW.target_type, NEW.target_id, NEW.summary, NEW.ip)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.at, OLD.actor_id, OLD.actor_name, OLD.agency_id, OLD.action, OLD.target_type, OLD.target_id, OLD.summary, OLD.ip)
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
