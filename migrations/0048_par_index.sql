-- PAR Index (Chỉ số cải cách hành chính, issue 18 part 3): the criteria trees as data, one set per kind (ministry /
-- province) and year; the assessment of an agency for a year (self-assessment with evidence files, appraisal by the
-- reviewing body, survey points); the index is computed from the points (parindex.rules.ts), never stored.

CREATE TABLE par_sets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- ministry: the tree of Decision 876/QĐ-BNV for ministries; province: the provinces' tree.
  kind text NOT NULL CHECK (kind IN ('ministry', 'province')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 300),
  -- Where the tree comes from (and which maxima are illustrative).
  note text CHECK (char_length(note) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, year)
);

-- Field (depth 1) → criterion (2) → sub-criterion (3). Points are entered on the leaves; a parent's maximum must
-- equal the sum of its children's, the fields' add up to 100 (checked by parindex.rules.ts treeProblems).
CREATE TABLE par_nodes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  set_id uuid NOT NULL REFERENCES par_sets (id) ON DELETE CASCADE,
  parent_id uuid REFERENCES par_nodes (id) ON DELETE CASCADE,
  depth smallint NOT NULL CHECK (depth BETWEEN 1 AND 3),
  -- "1", "1.2", "1.2.3": the number shown before the name (unique in the set).
  code text NOT NULL CHECK (code ~ '^[0-9]{1,2}(\.[0-9]{1,2}){0,2}$'),
  position integer NOT NULL DEFAULT 0,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 500),
  name_en text CHECK (char_length(name_en) <= 500),
  max_points numeric(6, 2) NOT NULL CHECK (max_points >= 0 AND max_points <= 100),
  evidence_required boolean NOT NULL DEFAULT false,
  -- Points from the sociological survey: entered (or proposed from SIPAS) by the reviewing body, not self-assessed.
  from_survey boolean NOT NULL DEFAULT false,
  -- What the product's own data can propose for this leaf (parindex.rules.ts AUTO_SOURCES).
  auto_source text CHECK (auto_source IN ('online_services', 'on_time_rate', 'score_766', 'sipas')),
  UNIQUE (set_id, code)
);
CREATE INDEX par_nodes_parent_idx ON par_nodes (parent_id);

CREATE TABLE par_assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  set_id uuid NOT NULL REFERENCES par_sets (id),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- draft (the agency enters its points) → submitted (the reviewing body appraises) → appraised (final; reopened
  -- by the reviewing body only).
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'appraised')),
  submitted_at timestamptz,
  submitted_by uuid REFERENCES accounts (id),
  appraised_at timestamptz,
  appraised_by uuid REFERENCES accounts (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, year)
);
CREATE INDEX par_assessments_set_idx ON par_assessments (set_id, status);

-- One row per assessed leaf: the agency's points and note, the reviewing body's points and comment, and where a
-- proposed value came from ("online_services: 38 / 200 procedures …").
CREATE TABLE par_entries (
  assessment_id uuid NOT NULL REFERENCES par_assessments (id) ON DELETE CASCADE,
  node_id uuid NOT NULL REFERENCES par_nodes (id) ON DELETE CASCADE,
  self_points numeric(6, 2) CHECK (self_points >= 0),
  self_note text CHECK (char_length(self_note) <= 2000),
  self_source text CHECK (char_length(self_source) <= 500),
  appraised_points numeric(6, 2) CHECK (appraised_points >= 0),
  appraisal_comment text CHECK (char_length(appraisal_comment) <= 2000),
  appraisal_source text CHECK (char_length(appraisal_source) <= 500),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (assessment_id, node_id)
);

-- Evidence files of a leaf (stored by the files service, content inspected like every upload).
CREATE TABLE par_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  assessment_id uuid NOT NULL REFERENCES par_assessments (id) ON DELETE CASCADE,
  node_id uuid NOT NULL REFERENCES par_nodes (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX par_evidence_leaf_idx ON par_evidence (assessment_id, node_id);
