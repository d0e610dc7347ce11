-- The SIPAS satisfaction survey (issue 18, domain guide §7): questionnaires as data (factors; questions of three
-- kinds — perception, satisfaction, expectation — on a 1..scale_max scale, Vietnamese and English texts), survey
-- rounds per year and scope (an agency subtree; the province is its root agency), the strata of a round's draw,
-- the sample (one row per drawn dossier, with the hash of its answer link's token) and the answers.

CREATE TABLE survey_questionnaires (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,40}$'),
  title_vi text NOT NULL CHECK (char_length(title_vi) BETWEEN 1 AND 1000),
  title_en text NOT NULL CHECK (char_length(title_en) BETWEEN 1 AND 1000),
  scale_max integer NOT NULL DEFAULT 5 CHECK (scale_max BETWEEN 2 AND 10),
  -- The lowest answer counted as "satisfied" (4 on 1..5: satisfied and very satisfied).
  satisfied_from integer NOT NULL DEFAULT 4 CHECK (satisfied_from BETWEEN 2 AND scale_max),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE survey_factors (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES survey_questionnaires (id) ON DELETE CASCADE,
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,40}$'),
  position integer NOT NULL,
  name_vi text NOT NULL CHECK (char_length(name_vi) BETWEEN 1 AND 1000),
  name_en text NOT NULL CHECK (char_length(name_en) BETWEEN 1 AND 1000),
  UNIQUE (questionnaire_id, code)
);

CREATE TABLE survey_questions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES survey_questionnaires (id) ON DELETE CASCADE,
  factor_id uuid NOT NULL REFERENCES survey_factors (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('perception', 'satisfaction', 'expectation')),
  position integer NOT NULL,
  text_vi text NOT NULL CHECK (char_length(text_vi) BETWEEN 1 AND 1000),
  text_en text NOT NULL CHECK (char_length(text_en) BETWEEN 1 AND 1000)
);
CREATE INDEX survey_questions_questionnaire_idx ON survey_questions (questionnaire_id, position);

CREATE TABLE survey_rounds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  questionnaire_id uuid NOT NULL REFERENCES survey_questionnaires (id),
  -- The scope: dossiers resolved by this agency or below it (the province: its root agency).
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  period_from date NOT NULL,
  period_to date NOT NULL CHECK (period_to >= period_from),
  target_size integer NOT NULL CHECK (target_size BETWEEN 1 AND 100000),
  min_per_stratum integer NOT NULL DEFAULT 2 CHECK (min_per_stratum BETWEEN 0 AND 1000),
  -- The draw's seed: the same seed over the same dossiers draws the same sample.
  seed integer NOT NULL CHECK (seed >= 0),
  -- Resolved dossiers in scope when the sample was drawn (N); null before the draw.
  population integer,
  drawn_at timestamptz,
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_rounds_year_idx ON survey_rounds (year);

CREATE TABLE survey_round_strata (
  round_id uuid NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  procedure_id uuid NOT NULL REFERENCES procedures (id),
  population integer NOT NULL CHECK (population >= 0),
  allocated integer NOT NULL CHECK (allocated >= 0 AND allocated <= population),
  PRIMARY KEY (round_id, agency_id, procedure_id)
);

CREATE TABLE survey_samples (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  round_id uuid NOT NULL REFERENCES survey_rounds (id) ON DELETE CASCADE,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  procedure_id uuid NOT NULL REFERENCES procedures (id),
  -- SHA-256 (hex) of the answer link's token; the token itself is only in the SMS / e-mail.
  token_hash text UNIQUE,
  invited_at timestamptz,
  answered_at timestamptz,
  source text CHECK (source IN ('online', 'paper')),
  -- The officer who entered a paper answer.
  entered_by uuid REFERENCES accounts (id),
  CHECK ((answered_at IS NULL) = (source IS NULL)),
  UNIQUE (round_id, dossier_id)
);
CREATE INDEX survey_samples_dossier_idx ON survey_samples (dossier_id);

CREATE TABLE survey_answers (
  sample_id uuid NOT NULL REFERENCES survey_samples (id) ON DELETE CASCADE,
  question_id uuid NOT NULL REFERENCES survey_questions (id),
  value integer NOT NULL CHECK (value BETWEEN 1 AND 10),
  PRIMARY KEY (sample_id, question_id)
);
