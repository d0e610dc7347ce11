-- Foundation: agencies, accounts, roles, sessions, mail, files, audit log.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE agencies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9.]{1,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  short_name text,
  level text NOT NULL CHECK (level IN ('ministry', 'department', 'province', 'provincial_department', 'district', 'commune')),
  parent_id uuid REFERENCES agencies (id),
  -- Mergers and renames: an agency that ceased to exist points at its successor; reports roll it up.
  successor_id uuid REFERENCES agencies (id),
  active boolean NOT NULL DEFAULT true,
  valid_from date,
  valid_to date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX agencies_parent_idx ON agencies (parent_id);

-- Former codes and names of an agency, kept for history.
CREATE TABLE agency_history (
  id bigserial PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  code text NOT NULL,
  name text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

-- Internal departments (phòng) of an agency.
CREATE TABLE departments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  code text NOT NULL,
  name text NOT NULL,
  UNIQUE (agency_id, code)
);

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tax_code text NOT NULL UNIQUE CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
  name text NOT NULL,
  legal_representative text NOT NULL,
  address text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CHECK (username = lower(username) AND username ~ '^[a-z0-9._@-]{3,100}$'),
  kind text NOT NULL CHECK (kind IN ('citizen', 'organisation', 'staff')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'disabled')),
  email text CHECK (email IS NULL OR email = lower(email)),
  email_verified_at timestamptz,
  password_hash text NOT NULL,
  full_name text NOT NULL,
  personal_id text CHECK (personal_id IS NULL OR personal_id ~ '^[0-9]{12}$'),
  date_of_birth date,
  phone text,
  address text,
  organisation_id uuid REFERENCES organisations (id),
  agency_id uuid REFERENCES agencies (id),
  department_id uuid REFERENCES departments (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'staff' OR agency_id IS NOT NULL),
  CHECK (kind <> 'organisation' OR organisation_id IS NOT NULL)
);
CREATE UNIQUE INDEX accounts_username_key ON accounts (username);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX accounts_personal_id_key ON accounts (personal_id) WHERE personal_id IS NOT NULL AND kind = 'citizen';
CREATE INDEX accounts_agency_idx ON accounts (agency_id);
CREATE INDEX accounts_organisation_idx ON accounts (organisation_id);

-- Staff roles, each scoped to an agency subtree.
CREATE TABLE account_roles (
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('receptionist', 'specialist', 'department_head', 'agency_leader', 'catalog_manager', 'admin', 'inspector')),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  PRIMARY KEY (account_id, role, agency_id)
);

CREATE TABLE sessions (
  -- SHA-256 of the cookie token: a stolen table does not give working cookies.
  id text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_account_idx ON sessions (account_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- One-time tokens sent by e-mail (address verification, password reset).
CREATE TABLE email_tokens (
  token_hash text PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE login_attempts (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_username_idx ON login_attempts (username, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

-- Outgoing mail (outbox). Sent by a background job over SMTP, or kept for the local mailbox page.
CREATE TABLE mail_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'kept', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_messages_pending_idx ON mail_messages (created_at) WHERE status = 'pending';

-- Stored files (content on disk or S3, metadata here).
CREATE TABLE files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  storage_key text NOT NULL UNIQUE,
  original_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Append-only, hash-chained audit log of every state-changing action.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_name text,
  agency_id uuid,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip text,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);

CREATE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();
