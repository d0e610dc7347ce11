-- Outgoing official documents (văn bản đi; issue 19, Decree 30/2020/ND-CP): drafted in the national layout, reviewed
-- along a configurable approval chain, signed by the signer and sealed with the agency's signature, numbered in the
-- agency's outgoing register at issue, sent to recipients. A dossier's result may be issued as one (linked both ways).

-- The approval chain of an agency for a document type ('*': every type without a chain of its own): ordered steps,
-- each a role on the agency or a named person.
CREATE TABLE outgoing_chains (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  doc_type text NOT NULL CHECK (doc_type ~ '^([a-z_]{2,30}|\*)$'),
  updated_by uuid REFERENCES accounts (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT outgoing_chains_agency_type_key UNIQUE (agency_id, doc_type)
);

CREATE TABLE outgoing_chain_steps (
  chain_id uuid NOT NULL REFERENCES outgoing_chains (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 10),
  role text CHECK (role IN ('specialist', 'department_head', 'agency_leader')),
  account_id uuid REFERENCES accounts (id),
  PRIMARY KEY (chain_id, position),
  CHECK ((role IS NULL) <> (account_id IS NULL))
);

CREATE TABLE outgoing_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  doc_type text NOT NULL CHECK (doc_type ~ '^[a-z_]{2,30}$'),
  -- The issuer's abbreviation in the symbol (UBND, CBQTG) and, for an official letter, the drafting unit's.
  issuer_abbreviation text NOT NULL CHECK (length(issuer_abbreviation) BETWEEN 1 AND 40),
  unit_abbreviation text CHECK (unit_abbreviation IS NULL OR length(unit_abbreviation) BETWEEN 1 AND 40),
  excerpt text NOT NULL CHECK (length(excerpt) BETWEEN 1 AND 1000),
  body text NOT NULL CHECK (length(body) <= 20000),
  place text NOT NULL CHECK (length(place) BETWEEN 1 AND 100),
  urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'very_urgent', 'flash')),
  confidentiality text NOT NULL DEFAULT 'none' CHECK (confidentiality IN ('none', 'confidential', 'secret', 'top_secret')),
  signer_id uuid NOT NULL REFERENCES accounts (id),
  signer_title text NOT NULL CHECK (length(signer_title) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'returned', 'approved', 'issued')),
  -- The approval chain copied at submission: [{ "role": r } | { "accountId": id, "name": n }], and the step now
  -- reviewing (1-based; NULL outside review).
  chain jsonb NOT NULL DEFAULT '[]',
  step integer,
  -- Optional links: the incoming document it answers (incoming module), the dossier whose result it carries.
  answers_incoming_id uuid,
  dossier_id uuid REFERENCES dossiers (id),
  -- Issue: the number of the register, the number-and-symbol, the signed file, the two signers.
  number integer,
  number_symbol text,
  issued_at timestamptz,
  issued_by uuid REFERENCES accounts (id),
  file_id uuid REFERENCES files (id),
  sha256 text CHECK (sha256 IS NULL OR sha256 ~ '^[0-9a-f]{64}$'),
  signer_subject text,
  seal_subject text,
  -- The dossier result's verification code (results module) when the document is a dossier's result.
  result_code text,
  created_by uuid NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'issued') = (number IS NOT NULL)),
  CHECK ((status = 'issued') = (file_id IS NOT NULL)),
  CHECK ((status = 'in_review') = (step IS NOT NULL))
);
CREATE INDEX outgoing_documents_agency_idx ON outgoing_documents (agency_id, status, updated_at DESC);
CREATE INDEX outgoing_documents_dossier_idx ON outgoing_documents (dossier_id) WHERE dossier_id IS NOT NULL;
CREATE INDEX outgoing_documents_incoming_idx ON outgoing_documents (answers_incoming_id) WHERE answers_incoming_id IS NOT NULL;
CREATE INDEX outgoing_documents_issued_idx ON outgoing_documents (issued_at) WHERE issued_at IS NOT NULL;

-- Recipients: agencies of OpenDVC (received as incoming documents there) and outside addressees (name, address).
CREATE TABLE outgoing_recipients (
  document_id uuid NOT NULL REFERENCES outgoing_documents (id) ON DELETE CASCADE,
  position integer NOT NULL CHECK (position BETWEEN 1 AND 50),
  agency_id uuid REFERENCES agencies (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  address text CHECK (address IS NULL OR length(address) <= 500),
  sent_at timestamptz,
  send_status text NOT NULL DEFAULT 'pending' CHECK (send_status IN ('pending', 'sent', 'failed', 'not_sent')),
  send_note text,
  PRIMARY KEY (document_id, position)
);

-- The history: created, edited, submitted, approved, returned (with the comment), issued, sent.
CREATE TABLE outgoing_events (
  id bigserial PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES outgoing_documents (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind ~ '^[a-z_]{2,30}$'),
  params jsonb NOT NULL DEFAULT '{}',
  actor_id uuid REFERENCES accounts (id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outgoing_events_document_idx ON outgoing_events (document_id, id);

-- The outgoing register (sổ văn bản đi) per agency and year: one row per number, one number per document. The
-- number comes from outgoing_sequences (INSERT … ON CONFLICT DO UPDATE SET last = last + 1 RETURNING, the row
-- locked until COMMIT: gap-free); the unique document_id makes a second issue of the same document fail.
CREATE TABLE outgoing_sequences (
  agency_id uuid NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2200),
  last integer NOT NULL CHECK (last > 0),
  PRIMARY KEY (agency_id, year)
);

CREATE TABLE outgoing_register (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  document_id uuid NOT NULL REFERENCES outgoing_documents (id),
  number_symbol text NOT NULL,
  doc_type text NOT NULL,
  issued_at timestamptz NOT NULL,
  PRIMARY KEY (agency_id, year, number),
  CONSTRAINT outgoing_register_document_key UNIQUE (document_id)
);
