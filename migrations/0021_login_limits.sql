-- Abuse-resistant sign-in and registration (issue 10, part D).
--
-- login_limits: one counter per (kind, key), changed only under its row lock:
--   'pair'     account × address: attempts being judged or failed; each further failure doubles blocked_until
--              (progressive delay, capped); a success clears it
--   'account'  one account from every address (looser); when it trips, the owner is e-mailed an unlock link
--   'address'  one address across accounts
--   'register' registrations from one address
--   'reset'    password-reset requests from one address (429 past the limit, whatever the address asked for)
--   'reset_to' reset e-mails to one address (past the limit nothing more is sent, silently: no enumeration)
-- `attempts` counts within the window that ends at `expires_at` (then it starts again from 0).
CREATE TABLE login_limits (
  kind text NOT NULL CHECK (kind IN ('pair', 'account', 'address', 'register', 'reset', 'reset_to')),
  key text NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  blocked_until timestamptz,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (kind, key)
);
CREATE INDEX login_limits_expires_idx ON login_limits (expires_at);

-- The unlock link of an account locked by failures from everywhere (a one-time e-mail token like the others).
ALTER TABLE email_tokens DROP CONSTRAINT email_tokens_purpose_check;
ALTER TABLE email_tokens ADD CONSTRAINT email_tokens_purpose_check CHECK (purpose IN ('verify_email', 'reset_password', 'unlock_login'));
CREATE INDEX email_tokens_account_idx ON email_tokens (account_id, purpose) WHERE used_at IS NULL;

-- Server secrets generated once and shared by every instance (the HMAC key of the anonymous CSRF token when
-- SESSION_SECRET is not configured).
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
