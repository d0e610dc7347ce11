-- Procedure review (rà soát thủ tục hành chính, issue 21 part 1) with the compliance-cost method of Circular
-- 02/2017/TT-VPCP: the wage of a year's sheets, the yearly review of an agency, its procedures (the cost sheet
-- before, the simplification proposal and its sheet after, as data; the arithmetic is review.rules.ts, never
-- stored), and the history of the approval flow. Amounts are whole đồng.

-- The monthly base wage a year's sheets price an hour with (hour = monthly / 22 / 8); set by an administrator.
CREATE TABLE review_wages (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  monthly_wage_vnd bigint NOT NULL CHECK (monthly_wage_vnd > 0 AND monthly_wage_vnd <= 1000000000),
  updated_by uuid REFERENCES accounts (id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE procedure_reviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  -- draft → submitted (specialist) → approved | returned (agency leader); returned is edited and submitted again.
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  version integer NOT NULL DEFAULT 1,
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, year)
);

-- One procedure under review. The sheets are arrays of rows { kind, label, hoursX100, amountVnd } (review.rules.ts
-- SheetRow); the proposal { kinds, reason, removeDocuments, timeLimitValue, onlineLevel } (Proposal).
CREATE TABLE procedure_review_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES procedure_reviews (id) ON DELETE CASCADE,
  procedure_code text NOT NULL CHECK (char_length(procedure_code) BETWEEN 1 AND 80),
  -- The version reviewed (its documents, fees, time limit and level prefilled the sheet).
  version_id uuid NOT NULL REFERENCES procedure_versions (id),
  procedure_name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  frequency integer NOT NULL CHECK (frequency BETWEEN 0 AND 100000000),
  -- Dossiers received in the 12 months before the item was added (the prefilled frequency).
  measured_frequency integer NOT NULL DEFAULT 0 CHECK (measured_frequency >= 0),
  sheet_before jsonb NOT NULL DEFAULT '[]'::jsonb,
  proposal jsonb,
  sheet_after jsonb,
  -- The draft version created from the proposal once the review was approved, and what was left to do by hand.
  drafted_version integer,
  drafted_note text,
  drafted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (review_id, procedure_code)
);

CREATE TABLE procedure_review_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id uuid NOT NULL REFERENCES procedure_reviews (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES accounts (id),
  actor_name text,
  action text NOT NULL CHECK (action IN ('create', 'submit', 'approve', 'return', 'draft_version')),
  from_status text,
  to_status text,
  note text CHECK (char_length(note) <= 2000)
);
CREATE INDEX procedure_review_events_review_idx ON procedure_review_events (review_id, at);
