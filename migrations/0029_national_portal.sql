-- Dossiers from the National Public Service Portal (issue 13): channel 4 "national portal", the dossiers the portal
-- delivered (one row per national dossier code, so a second delivery is answered "duplicate"), and the outbound
-- sync of every step (progress and national status) back to the portal, ordered per dossier and retried.

-- Channel 4: received from the National Public Service Portal (an online channel for the statistics).
ALTER TABLE dossiers DROP CONSTRAINT IF EXISTS dossiers_channel_check;
ALTER TABLE dossiers ADD CONSTRAINT dossiers_channel_check CHECK (channel BETWEEN 1 AND 4);

-- The report events (0013) count channel 4 as online, like channel 2 (received online; resolved online with an
-- electronic result). Same signature: the triggers of 0013/0020 call it by name.
CREATE OR REPLACE FUNCTION report_dossier_events(
  p_status smallint, p_channel smallint, p_received_at timestamptz, p_finished_at timestamptz,
  p_timeliness text, p_due_at timestamptz, p_electronic_result boolean
) RETURNS TABLE (day date, metric smallint)
LANGUAGE sql STABLE AS $$
  SELECT e.day, e.metric
  FROM (SELECT
      (p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rd,
      CASE WHEN p_finished_at IS NOT NULL AND p_status IN (3, 7, 8, 9, 10)
        THEN greatest((p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, (p_finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) END AS fd,
      CASE WHEN p_due_at IS NOT NULL
        THEN greatest((p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, (p_due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) END AS dd,
      CASE
        WHEN p_status IN (9, 10) THEN (CASE coalesce(p_timeliness, 'on_time') WHEN 'early' THEN 3 WHEN 'on_time' THEN 4 ELSE 5 END)
        WHEN p_status = 3 THEN 6 WHEN p_status = 7 THEN 7 WHEN p_status = 8 THEN 8
      END::smallint AS closing_metric
    WHERE p_status IS NOT NULL AND p_received_at IS NOT NULL) AS base,
  LATERAL (VALUES
    (base.rd, (CASE WHEN p_channel IN (2, 4) THEN 1 ELSE 2 END)::smallint),
    (base.fd, base.closing_metric),
    (base.dd, 9::smallint),
    (CASE WHEN base.dd IS NOT NULL AND base.fd IS NOT NULL THEN greatest(base.dd, base.fd) END, 10::smallint),
    (CASE WHEN p_channel IN (2, 4) AND p_status IN (9, 10) AND p_finished_at IS NOT NULL AND p_electronic_result THEN base.rd END, 11::smallint),
    (CASE WHEN p_status IN (2, 4, 5, 6) AND p_due_at IS NOT NULL THEN (p_due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END, 12::smallint)
  ) AS e (day, metric)
  WHERE e.day IS NOT NULL AND e.metric IS NOT NULL
$$;

-- One row per dossier the portal knows: delivered by the portal (origin 'portal': its national dossier code MaHoSo
-- is unique, so the same dossier sent twice creates one dossier; the procedure code MaTTHC it named and the SHA-256
-- of every file as announced) or one of our own online dossiers pushed to it (origin 'agency': our dossier code).
CREATE TABLE national_portal_dossiers (
  national_code text PRIMARY KEY CHECK (national_code ~ '^[A-Za-z0-9._-]{1,64}$'),
  dossier_id uuid NOT NULL UNIQUE REFERENCES dossiers (id) ON DELETE CASCADE,
  origin text NOT NULL DEFAULT 'portal' CHECK (origin IN ('portal', 'agency')),
  procedure_code text NOT NULL,
  files jsonb NOT NULL DEFAULT '[]',
  received_at timestamptz NOT NULL DEFAULT now()
);

-- The outbound messages (progress and national status) of those dossiers, numbered per dossier: the sender never
-- sends n+1 before n was accepted; the row id is the portal's message id (applied once there). A refusal by the
-- portal stops the dossier's queue in state 'failed' with the reason until an administrator retries it.
CREATE TABLE national_portal_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  procedure_id uuid NOT NULL REFERENCES procedures (id),
  kind text NOT NULL CHECK (kind IN ('progress', 'status')),
  sequence int NOT NULL CHECK (sequence >= 1),
  payload jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (dossier_id, sequence)
);
CREATE INDEX national_portal_messages_open_idx ON national_portal_messages (next_attempt_at) WHERE state <> 'sent';
CREATE INDEX national_portal_messages_created_idx ON national_portal_messages (created_at);

-- The portal's reachability as the sender last saw it (one row): since when it has been unreachable, for the alert.
CREATE TABLE national_portal_health (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  unreachable_since timestamptz,
  last_error text,
  last_success_at timestamptz,
  alerted_at timestamptz
);
INSERT INTO national_portal_health (id) VALUES (true);
