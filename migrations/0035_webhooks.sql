-- Webhooks (issue 14): subscriptions of other systems to the events of the dossiers received in an agency subtree,
-- and one delivery row per (event, subscription), sent signed (Standard Webhooks) by the webhooks.deliver job.

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The root of the subtree: events of dossiers whose receiving agency is this agency or below it.
  agency_id uuid NOT NULL REFERENCES agencies (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  url text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2000),
  event_types text[] NOT NULL CHECK (
    cardinality(event_types) >= 1
    AND event_types <@ ARRAY['dossier.submitted', 'dossier.status_changed', 'result.issued', 'result.revoked', 'payment.received']::text[]
  ),
  active boolean NOT NULL DEFAULT true,
  -- The signing secret (whsec_…): 'v1:' AES-256-GCM under a key derived from SESSION_SECRET, or 'plain:' without one.
  secret text NOT NULL,
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_agency_idx ON webhook_subscriptions (agency_id) WHERE active;

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Creation order: a delivery is not sent while an older one of the same dossier and subscription is pending.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  -- The event's id (the payload's id and the webhook-id header), the same for every attempt and subscription.
  event_id text NOT NULL CHECK (char_length(event_id) BETWEEN 1 AND 100),
  event_type text NOT NULL,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  -- The event as it was when it happened (frozen at the outbox message's consumption).
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  -- Every attempt ever made, and those since the delivery was (re)queued (the back-off and the give-up count these).
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  round_attempts integer NOT NULL DEFAULT 0 CHECK (round_attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  last_duration_ms integer,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (subscription_id, dossier_id, seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (subscription_id, seq DESC);
