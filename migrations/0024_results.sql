-- Electronic results (issue 12): signed result PDFs of dossiers, the signing keys of the demo PKI, and the failed
-- look-ups of the public verification page (its rate limit).

-- The demo PKI: one CA and one certificate per agency, generated on first use (src/modules/results/results.pki.ts).
-- Kept in the database, not under DATA_DIR: every instance behind a load balancer signs with the same certificate,
-- a DATABASE_URL deployment with S3 storage has no shared disk, and the keys travel with the backups of the data
-- that references them. A real PKCS#12 (SIGNING_P12_PATH) is never copied here.
CREATE TABLE signing_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('ca', 'agency')),
  agency_id uuid REFERENCES agencies (id) ON DELETE CASCADE,
  subject text NOT NULL,
  certificate_pem text NOT NULL,
  private_key_pem text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'ca') = (agency_id IS NULL))
);
-- One CA, one key per agency (a second instance starting at the same moment inserts nothing and reads the first).
CREATE UNIQUE INDEX signing_keys_ca_key ON signing_keys (kind) WHERE kind = 'ca';
CREATE UNIQUE INDEX signing_keys_agency_key ON signing_keys (agency_id) WHERE agency_id IS NOT NULL;

-- A dossier's signed result: generated and signed here, or signed outside (the leader's USB token) and uploaded.
CREATE TABLE dossier_results (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files (id),
  -- What the QR code and the verification page carry: 12 characters of Crockford base32 (60 random bits).
  code text NOT NULL CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{12}$'),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  signer_subject text NOT NULL CHECK (length(signer_subject) <= 1000),
  signed_at timestamptz,
  source text NOT NULL CHECK (source IN ('generated', 'uploaded')),
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoke_reason text CHECK (revoke_reason IS NULL OR length(revoke_reason) BETWEEN 1 AND 1000),
  revoked_by uuid REFERENCES accounts (id),
  CONSTRAINT dossier_results_code_key UNIQUE (code),
  CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL))
);
CREATE INDEX dossier_results_dossier_idx ON dossier_results (dossier_id, created_at);

-- "Electronic result" is a fact derived from the signed results: true while the dossier has one not revoked.
-- Kept by this trigger in the same transaction as the result row (the report triggers on dossiers then count it).
CREATE FUNCTION dossier_results_electronic() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  target uuid := coalesce(NEW.dossier_id, OLD.dossier_id);
BEGIN
  UPDATE dossiers d
     SET electronic_result = EXISTS (SELECT 1 FROM dossier_results r WHERE r.dossier_id = target AND r.revoked_at IS NULL)
   WHERE d.id = target
     AND d.electronic_result IS DISTINCT FROM EXISTS (SELECT 1 FROM dossier_results r WHERE r.dossier_id = target AND r.revoked_at IS NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER dossier_results_electronic AFTER INSERT OR UPDATE OF revoked_at OR DELETE ON dossier_results
  FOR EACH ROW EXECUTE FUNCTION dossier_results_electronic();

-- Failed look-ups of the public verification page per address (unknown codes), for its rate limit.
CREATE TABLE result_lookup_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX result_lookup_attempts_ip_idx ON result_lookup_attempts (ip, at);
