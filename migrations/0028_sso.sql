-- Single sign-on with VNeID through the national portal (issue 13): OpenID Connect identities linked to accounts,
-- and the sessions they opened (for single logout).

-- One row per identity-provider subject. A citizen signs in as a person (subject of the person); a business
-- representative signs in as the person representing a tax code (the provider gives that another subject), linked
-- to an organisation account. Accounts are found by personal ID only, never by name or e-mail.
CREATE TABLE account_identities (
  provider text NOT NULL CHECK (provider ~ '^[a-z0-9_-]{1,40}$'),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  personal_id text NOT NULL CHECK (personal_id ~ '^[0-9]{12}$'),
  -- The represented business (a representative's sign-in), else NULL.
  tax_code text CHECK (tax_code IS NULL OR tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
  -- Level of assurance of the last sign-in (VNeID: 1 or 2).
  loa smallint NOT NULL CHECK (loa BETWEEN 1 AND 4),
  linked_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, subject)
);
-- An account is linked to at most one subject of a provider (no silent merge of two identities).
CREATE UNIQUE INDEX account_identities_account_key ON account_identities (provider, account_id);

-- A session opened through the provider: the ID token (id_token_hint of the RP-initiated logout) and the provider's
-- session id (back-channel logout ends every session of that sid). Goes with the session.
CREATE TABLE sso_sessions (
  session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  provider text NOT NULL,
  subject text NOT NULL,
  sid text,
  id_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sso_sessions_sid_idx ON sso_sessions (provider, sid);
CREATE INDEX sso_sessions_subject_idx ON sso_sessions (provider, subject);
