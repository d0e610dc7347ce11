-- Incoming official documents (văn bản đến; issue 19, Decree 30/2020/ND-CP on clerical work): registered by the
-- clerk from paper (scanned) or received electronically, numbered in the incoming register per agency and year,
-- routed to a leader, assigned with a deadline to a lead person (and department), co-ordinating people and people
-- for information, handled with opinions, closed or answered by an outgoing document. The processing history is
-- data (incoming_events: kind + parameters, rendered in the reader's language).

-- The register's numbers: one row per agency and year, taken with INSERT … ON CONFLICT DO UPDATE in the
-- registration's transaction (a rollback gives the number back: no gaps).
CREATE TABLE incoming_sequences (
  agency_id uuid NOT NULL REFERENCES agencies(id),
  year integer NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (agency_id, year)
);

CREATE TABLE incoming_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  year integer NOT NULL,
  -- The number in the incoming register (số đến) of the agency's year.
  number integer NOT NULL CHECK (number > 0),
  channel text NOT NULL CHECK (channel IN ('paper', 'electronic')),
  received_at timestamptz NOT NULL,
  -- Metadata (Decree 30, Appendix IV): issuing body, number and symbol, date, type, excerpt, urgency, confidentiality, pages.
  issuer text NOT NULL,
  issuer_folded text NOT NULL,
  number_symbol text NOT NULL,
  number_symbol_norm text NOT NULL,
  issued_on date NOT NULL,
  doc_type text NOT NULL,
  excerpt text NOT NULL,
  signer text,
  urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
  confidentiality text NOT NULL CHECK (confidentiality IN ('none', 'confidential', 'secret', 'top_secret')),
  page_count integer CHECK (page_count IS NULL OR page_count BETWEEN 1 AND 100000),
  -- Electronic receipt: the sender agency's identifier and the exchange package's id.
  sender_code text,
  package_id text,
  status text NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'routed', 'assigned', 'in_progress', 'closed', 'answered')),
  registered_by uuid REFERENCES accounts(id),
  leader_id uuid REFERENCES accounts(id),
  routed_at timestamptz,
  lead_department_id uuid REFERENCES departments(id),
  assigned_at timestamptz,
  deadline_at timestamptz,
  closed_at timestamptz,
  -- The outgoing document that answered it (outgoing module; no foreign key across the modules' migrations).
  outgoing_id uuid,
  reminded_at timestamptz,
  overdue_notified_at timestamptz,
  -- Accent-free text of every field and of the attached PDFs' text (foldVietnamese), searched with pg_trgm.
  search_text text NOT NULL DEFAULT '',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT incoming_documents_number_key UNIQUE (agency_id, year, number),
  CONSTRAINT incoming_documents_duplicate_key UNIQUE (agency_id, issuer_folded, number_symbol_norm, issued_on),
  CHECK ((status IN ('closed', 'answered')) = (closed_at IS NOT NULL))
);

-- Who a document is assigned to: one lead, co-ordinating people, people for information.
CREATE TABLE incoming_assignees (
  incoming_id uuid NOT NULL REFERENCES incoming_documents(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id),
  role text NOT NULL CHECK (role IN ('lead', 'coordinate', 'inform')),
  PRIMARY KEY (incoming_id, account_id)
);
CREATE UNIQUE INDEX incoming_assignees_one_lead ON incoming_assignees (incoming_id) WHERE role = 'lead';

CREATE TABLE incoming_files (
  incoming_id uuid NOT NULL REFERENCES incoming_documents(id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files(id),
  -- Characters of text found in the file (PDF text layer; 0 for a scanned image).
  text_chars integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incoming_id, file_id)
);

-- The processing history: registered, routed, assigned, opinion, file, closed, answered, reminded, overdue.
CREATE TABLE incoming_events (
  id bigserial PRIMARY KEY,
  incoming_id uuid NOT NULL REFERENCES incoming_documents(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES accounts(id),
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb
);
