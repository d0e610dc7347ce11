-- The national document exchange (edXML, issue 19 part 3; src/modules/docexchange/): the partners an administrator
-- keeps (other platforms' organisations, with the public key their envelopes are signed with; those marked external
-- stand for an agency not on OpenDVC that an inter-agency step may target), our platform's own signing key, every
-- package sent or received with its status history, and the refusals answered to bad envelopes.

CREATE TABLE docexchange_partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organisation's code on the exchange (edXML OrganId, e.g. 000.00.12.H29).
  organ_id text NOT NULL UNIQUE CHECK (organ_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 500),
  -- Ed25519 public key (SPKI PEM) that verifies the envelopes it sends.
  public_key text NOT NULL CHECK (char_length(public_key) BETWEEN 1 AND 4000),
  -- Not on OpenDVC: a liên thông step whose agency is `agency_id` travels to it by the exchange.
  external boolean NOT NULL DEFAULT false,
  agency_id uuid REFERENCES agencies (id),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX docexchange_partners_agency_idx ON docexchange_partners (agency_id) WHERE agency_id IS NOT NULL;

-- Our platform's signing key (one row): made on first use unless configured.
CREATE TABLE docexchange_keys (
  id smallint PRIMARY KEY CHECK (id = 1),
  private_key text NOT NULL,
  public_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE docexchange_packages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  direction text NOT NULL CHECK (direction IN ('out', 'in')),
  -- edXML DocumentId (our id for what we send; the sender's for what we receive).
  document_id uuid NOT NULL,
  sender_organ_id text NOT NULL,
  sender_name text NOT NULL,
  recipients jsonb NOT NULL DEFAULT '[]',
  code_notation text NOT NULL,
  promulgation_date date NOT NULL,
  subject text NOT NULL CHECK (char_length(subject) <= 2000),
  state text NOT NULL CHECK (state IN ('sending', 'sent', 'received', 'accepted', 'assigned', 'in_progress', 'completed', 'refused', 'failed')),
  last_error text,
  attempts integer NOT NULL DEFAULT 0,
  -- The envelope as sent (kept until delivered, for retries).
  envelope text,
  size_bytes integer NOT NULL DEFAULT 0,
  -- A liên thông step (out) or what it became here (in): the dossier, the step's position.
  dossier_id uuid REFERENCES dossiers (id),
  step_position integer,
  -- The outgoing document it carries (outgoing module) or the incoming document it registered (incoming module).
  local_document_id uuid,
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (direction, sender_organ_id, document_id)
);
CREATE INDEX docexchange_packages_dossier_idx ON docexchange_packages (dossier_id) WHERE dossier_id IS NOT NULL;
CREATE INDEX docexchange_packages_pending_idx ON docexchange_packages (created_at) WHERE state IN ('sending', 'failed');

CREATE TABLE docexchange_statuses (
  id bigserial PRIMARY KEY,
  package_id uuid NOT NULL REFERENCES docexchange_packages (id) ON DELETE CASCADE,
  -- in: a status the recipient sent us; out: one we sent about a package we received.
  direction text NOT NULL CHECK (direction IN ('out', 'in')),
  code text NOT NULL CHECK (code ~ '^[0-9]{2}$'),
  from_organ_id text NOT NULL,
  description text NOT NULL DEFAULT '',
  staff text NOT NULL DEFAULT '',
  -- The status's own time (edXML Timestamp) and when we recorded it.
  at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  attachment_names jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX docexchange_statuses_package_idx ON docexchange_statuses (package_id, id);

-- Envelopes refused on arrival (malformed, unknown sender, broken signature…): nothing was registered; a 02 status
-- went back to the sender the exchange named.
CREATE TABLE docexchange_refusals (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  exchange_id text NOT NULL,
  sender_organ_id text NOT NULL,
  reason text NOT NULL,
  detail text NOT NULL DEFAULT '',
  size_bytes integer NOT NULL,
  answered boolean NOT NULL DEFAULT false
);
CREATE INDEX docexchange_refusals_at_idx ON docexchange_refusals (at DESC);
