-- The procedure catalog: procedures, their versions, required documents, fields.
CREATE TABLE fields (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9-]{2,60}$'),
  name text NOT NULL,
  name_en text
);

CREATE TABLE procedures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]\.[0-9]{6}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE procedure_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_id uuid NOT NULL REFERENCES procedures (id),
  version int NOT NULL CHECK (version > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired')),
  effective_from date,
  effective_to date,
  name text NOT NULL CHECK (length(name) BETWEEN 3 AND 500),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  field_id uuid NOT NULL REFERENCES fields (id),
  authority_level text NOT NULL CHECK (authority_level IN ('central', 'province', 'district', 'commune')),
  audience text[] NOT NULL CHECK (cardinality(audience) >= 1 AND audience <@ ARRAY['citizen', 'organisation']),
  online_level int NOT NULL CHECK (online_level BETWEEN 1 AND 4),
  online_class text NOT NULL CHECK (online_class IN ('full', 'partial', 'none')),
  full_online_eligible boolean NOT NULL DEFAULT false,
  steps jsonb NOT NULL DEFAULT '[]'::jsonb,
  time_limit_value numeric(6, 1) NOT NULL CHECK (time_limit_value >= 0),
  time_limit_unit text NOT NULL CHECK (time_limit_unit IN ('working_days', 'half_days', 'hours')),
  same_day boolean NOT NULL DEFAULT false,
  time_limit_note text,
  fees jsonb NOT NULL DEFAULT '[]'::jsonb,
  legal_basis jsonb NOT NULL DEFAULT '[]'::jsonb,
  result_type text NOT NULL,
  submission_places text NOT NULL,
  -- Accent-free, lower-case text the catalog search matches against (maintained by the application).
  search_text text NOT NULL,
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  UNIQUE (procedure_id, version),
  CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to >= effective_from)
);
-- At most one published (current) version per procedure.
CREATE UNIQUE INDEX procedure_versions_one_published ON procedure_versions (procedure_id) WHERE status = 'published';
CREATE INDEX procedure_versions_search_idx ON procedure_versions USING gin (search_text gin_trgm_ops) WHERE status = 'published';
CREATE INDEX procedure_versions_agency_idx ON procedure_versions (agency_id) WHERE status = 'published';
CREATE INDEX procedure_versions_field_idx ON procedure_versions (field_id) WHERE status = 'published';

CREATE TABLE procedure_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version_id uuid NOT NULL REFERENCES procedure_versions (id) ON DELETE CASCADE,
  position int NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 1000),
  copies int NOT NULL DEFAULT 1 CHECK (copies BETWEEN 0 AND 100),
  original_kind text NOT NULL CHECK (original_kind IN ('original', 'certified_copy', 'original_or_certified', 'copy')),
  template_file_id uuid REFERENCES files (id),
  UNIQUE (version_id, position)
);
