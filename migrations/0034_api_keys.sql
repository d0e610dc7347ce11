-- Service accounts and API keys (issue 14): machine clients (the e-office, the LGSP, a mobile app, a call centre)
-- authenticate with `Authorization: Bearer odk_<prefix>_<secret>` on the JSON API.
--
-- A service account IS a row of `accounts` (kind 'staff', an agency, ordinary `account_roles` rows), so every
-- authorisation of the services (roles, agency subtrees) applies to it unchanged. `service` marks it: it has no
-- e-mail, no personal ID and the password hash '!service-account', which is no argon2 hash, so no password ever
-- verifies against it, no password reset can reach it (no address) and no single sign-on can link to it (no
-- personal ID). The CHECK keeps it so whatever writes the row.
ALTER TABLE accounts ADD COLUMN service boolean NOT NULL DEFAULT false;
ALTER TABLE accounts ADD CONSTRAINT accounts_service_check CHECK (
  NOT service OR (kind = 'staff' AND password_hash = '!service-account' AND email IS NULL AND personal_id IS NULL)
);
CREATE INDEX accounts_service_idx ON accounts (agency_id) WHERE service;

-- One key: the public prefix (shown in lists, the lookup key of every request) and the SHA-256 of the 256-bit
-- random secret (a high-entropy token needs no slow hash). `revoked_at` may lie in the future: a rotated key stays
-- valid for its grace period. `last_used_at` is written at most once a minute (with the first call of a minute).
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  prefix text NOT NULL CHECK (prefix ~ '^[0-9a-f]{12}$'),
  secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
  rate_limit_per_minute int NOT NULL CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES accounts (id),
  replaced_by uuid REFERENCES api_keys (id),
  last_used_at timestamptz,
  CHECK (expires_at > created_at AND expires_at <= created_at + interval '731 days')
);
CREATE UNIQUE INDEX api_keys_prefix_key ON api_keys (prefix);
CREATE INDEX api_keys_account_idx ON api_keys (account_id, created_at);

-- The per-key request counter: one row per key and minute, one upsert per request (holds across processes).
-- Rows older than a day are deleted by the first request of a minute.
CREATE TABLE api_key_usage (
  key_id uuid NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  window_start timestamptz NOT NULL,
  count int NOT NULL DEFAULT 1,
  PRIMARY KEY (key_id, window_start)
);
