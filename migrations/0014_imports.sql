-- Historical import of dossiers from a legacy one-stop system (CSV or Excel, docs/import-format.md).
--
-- Every run of an import is one row of dossier_imports: who ran it, the file (name, SHA-256, size), the
-- counts and the progress. A run from the web page is queued (status 'queued') and run by the `imports.run`
-- job, or inline for small files; the command line runs inline. The imported dossiers point at their run.
CREATE TABLE dossier_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL when run from the command line (the system).
  created_by uuid REFERENCES accounts (id),
  actor_name text,
  origin text NOT NULL CHECK (origin IN ('cli', 'web')),
  file_name text NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  -- The uploaded file (web runs; kept for the job) and the bad rows file (CSV), in the file store.
  source_file_id uuid REFERENCES files (id),
  errors_file_id uuid REFERENCES files (id),
  -- Agencies whose dossiers this run may import (the administrator's subtrees); NULL: any (the system).
  scope_agency_ids uuid[],
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- Data rows read so far / in the file (known at the end), rows inserted, rows already imported earlier, rows refused.
  processed_rows int NOT NULL DEFAULT 0 CHECK (processed_rows >= 0),
  -- Bytes of the file read so far: the progress bar (size_bytes is the whole).
  processed_bytes bigint NOT NULL DEFAULT 0 CHECK (processed_bytes >= 0),
  total_rows int CHECK (total_rows IS NULL OR total_rows >= 0),
  inserted_rows int NOT NULL DEFAULT 0 CHECK (inserted_rows >= 0),
  existing_rows int NOT NULL DEFAULT 0 CHECK (existing_rows >= 0),
  bad_rows int NOT NULL DEFAULT 0 CHECK (bad_rows >= 0),
  -- Why the whole file was refused (an error code of the imports module and its parameters).
  error_code text,
  error_params jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'failed' OR error_code IS NOT NULL)
);
CREATE INDEX dossier_imports_created_idx ON dossier_imports (created_at DESC);
CREATE INDEX dossier_imports_queued_idx ON dossier_imports (created_at) WHERE status = 'queued';

-- The run that brought an imported dossier in (NULL for every other source).
ALTER TABLE dossiers ADD COLUMN import_id uuid REFERENCES dossier_imports (id);
CREATE INDEX dossiers_import_idx ON dossiers (import_id) WHERE import_id IS NOT NULL;
