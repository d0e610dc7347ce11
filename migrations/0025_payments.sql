-- Fees and online payment (issue 12): the structured fee definition of a procedure version, payment orders
-- through the national payment platform (and the VietQR transfer confirmed by the agency's accountant),
-- electronic receipts numbered per agency and year, the callbacks received, the reconciliation runs and the
-- mismatches they flag; the accountant role.

-- The fee definition (payments.rules.ts FeeDefinition: when charged, the lines with their basis and exemptions);
-- NULL: none (the displayed `fees` list stays the public text).
ALTER TABLE procedure_versions ADD COLUMN fee_rules jsonb;

-- The agency's accountant confirms VietQR transfers, refunds, and reviews the reconciliation.
ALTER TABLE account_roles DROP CONSTRAINT account_roles_role_check;
ALTER TABLE account_roles ADD CONSTRAINT account_roles_role_check
  CHECK (role IN ('receptionist', 'specialist', 'department_head', 'agency_leader', 'catalog_manager', 'admin', 'inspector', 'accountant'));

-- One order per payment attempt: a retry is a new order, the old one expires (payments.expire job).
CREATE TABLE payment_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order id sent to the platform (letters and digits, unique).
  order_no text NOT NULL UNIQUE CHECK (order_no ~ '^[A-Z0-9]{6,40}$'),
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  agency_id uuid NOT NULL REFERENCES agencies (id),
  -- 'platform': the national payment platform (or its simulator); 'vietqr': a bank transfer confirmed by the accountant.
  provider text NOT NULL CHECK (provider IN ('platform', 'vietqr')),
  lines jsonb NOT NULL,
  amount_vnd bigint NOT NULL CHECK (amount_vnd > 0),
  status text NOT NULL DEFAULT 'created' CHECK (status IN ('created', 'paid', 'cancelled', 'expired', 'refunded')),
  transaction_id text,
  -- The platform's page of the order (the applicant follows a link to it: our forms post only to ourselves).
  pay_url text,
  bank_code text,
  paid_at timestamptz,
  expires_at timestamptz NOT NULL,
  refunded_at timestamptz,
  refund_id text,
  refund_reason text,
  created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
  confirmed_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
  -- The electronic receipt (biên lai điện tử): number per agency and year, from payment_receipt_counters.
  receipt_year int,
  receipt_no int,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_orders_transaction_key UNIQUE (provider, transaction_id),
  CONSTRAINT payment_orders_receipt_key UNIQUE (agency_id, receipt_year, receipt_no),
  CHECK ((status IN ('paid', 'refunded')) = (paid_at IS NOT NULL)),
  CHECK ((receipt_no IS NULL) = (receipt_year IS NULL))
);
CREATE INDEX payment_orders_dossier_idx ON payment_orders (dossier_id, created_at);
CREATE INDEX payment_orders_open_idx ON payment_orders (expires_at) WHERE status = 'created';
CREATE INDEX payment_orders_paid_day_idx ON payment_orders (paid_at) WHERE paid_at IS NOT NULL;

-- Gap-free receipt numbers: INSERT … ON CONFLICT DO UPDATE SET last = last + 1 RETURNING, in the transaction
-- that marks the order paid (a rolled-back payment gives its number back).
CREATE TABLE payment_receipt_counters (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year int NOT NULL,
  last int NOT NULL,
  PRIMARY KEY (agency_id, year)
);

-- Every callback received (accepted or refused), for the accountant and the logs.
CREATE TABLE payment_callbacks (
  id bigserial PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  source text NOT NULL CHECK (source IN ('callback', 'return', 'query')),
  order_no text,
  transaction_id text,
  outcome text NOT NULL CHECK (outcome IN ('accepted', 'duplicate', 'bad_signature', 'amount_mismatch', 'unknown_order', 'not_paid', 'malformed')),
  payload jsonb NOT NULL
);
CREATE INDEX payment_callbacks_order_idx ON payment_callbacks (order_no);

-- The daily reconciliation with the platform's file, and what it (or a refused callback) flagged.
CREATE TABLE payment_reconciliations (
  day date PRIMARY KEY,
  ran_at timestamptz NOT NULL DEFAULT now(),
  lines int NOT NULL,
  matched int NOT NULL,
  mismatches int NOT NULL
);

CREATE TABLE payment_discrepancies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('no_order', 'amount_differs', 'missing_at_platform', 'status_differs', 'callback_amount', 'duplicate_payment')),
  day date,
  agency_id uuid REFERENCES agencies (id),
  order_id uuid REFERENCES payment_orders (id) ON DELETE CASCADE,
  order_no text,
  transaction_id text,
  amount_vnd bigint,
  expected_vnd bigint,
  detail text,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
  resolution text
);
-- A reconciliation run again flags nothing twice.
CREATE UNIQUE INDEX payment_discrepancies_once_idx ON payment_discrepancies (kind, coalesce(order_no, ''), coalesce(transaction_id, ''));
CREATE INDEX payment_discrepancies_open_idx ON payment_discrepancies (created_at) WHERE resolved_at IS NULL;
