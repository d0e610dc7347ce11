-- Data sharing (LGSP/NGSP, issue 13): the population database (by personal ID) and the business registry (by tax
-- code). A document of a procedure version may be "obtained by data sharing" (the agency looks it up, the applicant
-- is not asked for it); e-form fields are marked in the version's hints (form_ui: `shared`, catalog.eform.ts).
ALTER TABLE procedure_documents
  ADD COLUMN shared_source text CHECK (shared_source IN ('population', 'business'));

-- Every lookup made for a dossier, successful or not: who, when, which service, what came back (the validated record)
-- and which e-form fields it filled. A failed lookup (slow, empty, malformed, refused) is kept too: the applicant then
-- fills the fields and supplies the documents themselves.
CREATE TABLE data_sharing_lookups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  actor_id uuid REFERENCES accounts (id),
  service text NOT NULL CHECK (service IN ('population', 'business')),
  subject text NOT NULL CHECK (subject ~ '^[0-9]{10}([0-9]{2}|-[0-9]{3})?$'),
  at timestamptz NOT NULL DEFAULT now(),
  outcome text NOT NULL CHECK (outcome IN ('found', 'not_found', 'empty', 'malformed', 'timeout', 'unreachable', 'refused', 'error')),
  detail text CHECK (detail IS NULL OR length(detail) <= 500),
  answer jsonb CHECK (answer IS NULL OR jsonb_typeof(answer) = 'object'),
  filled jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(filled) = 'object'),
  duration_ms int NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
  CHECK ((outcome = 'found') = (answer IS NOT NULL))
);
CREATE INDEX data_sharing_lookups_dossier_idx ON data_sharing_lookups (dossier_id, at);
