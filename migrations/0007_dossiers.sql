-- Online submission: dossiers (hồ sơ), their files and history, daily code sequences, a generic outbox,
-- and the attempts of the public lookup (rate limiting).
--
-- A draft has neither a code nor a status (both NULL); submitting gives it both at once (status 1
-- "Mới đăng ký", channel 2 "trực tuyến"). The procedure version is frozen at creation.
CREATE TABLE dossiers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text UNIQUE,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  procedure_version_id uuid NOT NULL REFERENCES procedure_versions (id),
  applicant_id uuid NOT NULL REFERENCES accounts (id),
  organisation_id uuid REFERENCES organisations (id),
  -- National status code 1..10; NULL while draft.
  status smallint CHECK (status BETWEEN 1 AND 10),
  -- National channel code: 1 counter, 2 online, 3 public postal service.
  channel smallint NOT NULL DEFAULT 2 CHECK (channel BETWEEN 1 AND 3),
  form_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Name shown (masked) by the public lookup; captured at submission.
  applicant_name text,
  -- SHA-256 (hex) of the short lookup secret given to the applicant once.
  lookup_secret_hash text,
  idempotency_key text CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 200),
  -- The answer of the submission, kept for 24 hours to answer a retry with the same key identically
  -- (it contains the lookup secret; the uploads.cleanup job clears it).
  idempotent_response jsonb,
  submitted_at timestamptz,
  expected_date date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (applicant_id, idempotency_key),
  CHECK ((code IS NULL) = (status IS NULL)),
  CHECK ((status IS NULL) = (submitted_at IS NULL)),
  CHECK (status IS NULL OR lookup_secret_hash IS NOT NULL)
);
CREATE INDEX dossiers_applicant_idx ON dossiers (applicant_id, created_at DESC);
CREATE INDEX dossiers_organisation_idx ON dossiers (organisation_id, created_at DESC) WHERE organisation_id IS NOT NULL;
CREATE INDEX dossiers_agency_idx ON dossiers (agency_id, submitted_at DESC) WHERE status IS NOT NULL;
CREATE INDEX dossiers_drafts_idx ON dossiers (updated_at) WHERE status IS NULL;

-- Gap-free daily numbering per receiving agency (incremented in the submitting transaction).
CREATE TABLE dossier_sequences (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  day date NOT NULL,
  last int NOT NULL CHECK (last > 0),
  PRIMARY KEY (agency_id, day)
);

-- Files attached to a dossier, several per required document.
CREATE TABLE dossier_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  document_id uuid NOT NULL REFERENCES procedure_documents (id),
  file_id uuid NOT NULL REFERENCES files (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossier_files_dossier_idx ON dossier_files (dossier_id, created_at);

-- History of a dossier: one row per state change (what the national portal sync sends).
CREATE TABLE dossier_events (
  id bigserial PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES accounts (id),
  status smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  action text NOT NULL,
  content text,
  handler_name text,
  department text,
  legal_end timestamptz
);
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, at, id);

-- Generic transactional outbox for integrations (national portal, notifications).
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE processed_at IS NULL;

-- Failed public lookups per address (rate limiting, like login_attempts).
CREATE TABLE lookup_attempts (
  id bigserial PRIMARY KEY,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lookup_attempts_ip_idx ON lookup_attempts (ip, at);
