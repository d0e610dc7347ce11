-- Feedback and complaints on procedures, regulations and service (phản ánh, kiến nghị — PAKN; issue 18, Decree 20/2008).
-- One row per feedback: who sent it (an account, or a contact verified by a one-time code, or taken at the counter),
-- the agency it is routed to, the optional procedure and dossier, the handling (assignee, answer), the publication of
-- the answer with personal data masked, and the applicant's rating (once).
CREATE SEQUENCE feedback_code_seq;

CREATE TABLE feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  category text NOT NULL CHECK (category IN ('procedure', 'regulation', 'conduct', 'other')),
  -- Set by the officer who classifies it: a complaint about the handling of the attached dossier (Decision 766).
  is_complaint boolean NOT NULL DEFAULT false,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  procedure_code text,
  dossier_id uuid REFERENCES dossiers(id),
  title text NOT NULL,
  content text NOT NULL,
  search_text text NOT NULL DEFAULT '',
  channel text NOT NULL CHECK (channel IN ('portal', 'counter')),
  submitter_id uuid REFERENCES accounts(id),
  contact_name text NOT NULL,
  contact_phone text,
  contact_email text,
  verified_by text NOT NULL CHECK (verified_by IN ('account', 'phone', 'email', 'counter')),
  -- SHA-256 of the secret link given to a visitor without an account (to read the answer and rate it).
  access_hash bytea,
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'assigned', 'answered', 'published', 'closed')),
  assignee_id uuid REFERENCES accounts(id),
  received_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz NOT NULL,
  answer text,
  answer_file_id uuid REFERENCES files(id),
  answered_at timestamptz,
  answered_by uuid REFERENCES accounts(id),
  published_at timestamptz,
  published_title text,
  published_content text,
  published_answer text,
  published_search text,
  closed_at timestamptz,
  rating text CHECK (rating IN ('satisfied', 'not_satisfied')),
  rating_comment text,
  rated_at timestamptz,
  reminded_at timestamptz,
  escalated_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((rating IS NULL) = (rated_at IS NULL)),
  CHECK (status NOT IN ('answered', 'published') OR answer IS NOT NULL)
);

CREATE TABLE feedback_files (
  feedback_id uuid NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files(id),
  kind text NOT NULL CHECK (kind IN ('attachment', 'answer')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (feedback_id, file_id)
);

-- The timeline: received, classified, routed, assigned, answered, published, closed, rated, reminded, escalated.
CREATE TABLE feedback_events (
  id bigserial PRIMARY KEY,
  feedback_id uuid NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES accounts(id),
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX feedback_events_feedback ON feedback_events (feedback_id, id);

-- One-time codes sent to a visitor's phone or e-mail before an anonymous submission.
CREATE TABLE feedback_verifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('phone', 'email')),
  code_hash bytea NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Fixed-window counters of submissions and code requests per address and per contact.
CREATE TABLE feedback_limits (
  kind text NOT NULL,
  key text NOT NULL,
  attempts integer NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (kind, key)
);
