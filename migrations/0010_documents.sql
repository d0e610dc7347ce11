-- The personal document store (kho dữ liệu cá nhân): every document a person uploaded to a dossier and every
-- result they received, kept so that a later dossier attaches it again instead of asking for it twice.
-- A row points at a stored file (no copy): several dossiers and the store may share one file, which is deleted
-- only when nothing references it any more (uploads.cleanup).
CREATE TABLE personal_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The person whose store holds it.
  owner_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- Business accounts: every member of the organisation sees its documents.
  organisation_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  -- 'upload': attached by the person to a dossier; 'result': a result issued to them by an agency.
  kind text NOT NULL CHECK (kind IN ('upload', 'result')),
  -- The dossier it came from (kept NULL once an abandoned draft is purged).
  source_dossier_id uuid REFERENCES dossiers (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX personal_documents_owner_idx ON personal_documents (owner_id, created_at DESC);
CREATE INDEX personal_documents_organisation_idx ON personal_documents (organisation_id, created_at DESC) WHERE organisation_id IS NOT NULL;
CREATE INDEX personal_documents_file_idx ON personal_documents (file_id);
-- The same file is kept once per store and kind (attaching it again from the store adds no row).
CREATE UNIQUE INDEX personal_documents_owner_file_idx ON personal_documents (owner_id, file_id, kind);

-- Reference look-ups of the orphan clean-up and of "is this file still used?".
CREATE INDEX IF NOT EXISTS dossier_files_file_idx ON dossier_files (file_id);
CREATE INDEX IF NOT EXISTS procedure_documents_template_file_idx ON procedure_documents (template_file_id) WHERE template_file_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS files_created_idx ON files (created_at);
