-- The one-stop centre floor (issue 20): counter groups (nhóm quầy: the procedures served together, the letter of
-- their tickets), the counters and which groups each serves, queue tickets and the visitor's rating of the officer
-- at the counter. Appointments (0052) and the board/reports (0051) build on these tables.
CREATE TABLE floor_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  -- The letter(s) printed before a ticket's number: A001.
  code text NOT NULL CHECK (code ~ '^[A-Z]{1,2}$'),
  name_vi text NOT NULL,
  name_en text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, code)
);

-- The procedures a group serves (a procedure in at most one group of an agency is the service's rule).
CREATE TABLE floor_group_procedures (
  group_id uuid NOT NULL REFERENCES floor_groups(id) ON DELETE CASCADE,
  procedure_id uuid NOT NULL REFERENCES procedures(id),
  PRIMARY KEY (group_id, procedure_id)
);

CREATE TABLE floor_counters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 999),
  label text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  -- The officer working at the counter now (the counter is open while set).
  officer_id uuid REFERENCES accounts(id),
  opened_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, number),
  CHECK ((officer_id IS NULL) = (opened_at IS NULL))
);
CREATE UNIQUE INDEX floor_counters_officer_key ON floor_counters (officer_id) WHERE officer_id IS NOT NULL;

CREATE TABLE floor_counter_groups (
  counter_id uuid NOT NULL REFERENCES floor_counters(id) ON DELETE CASCADE,
  group_id uuid NOT NULL REFERENCES floor_groups(id) ON DELETE CASCADE,
  PRIMARY KEY (counter_id, group_id)
);

-- The last ticket number of a group on a day (Vietnam time): INSERT … ON CONFLICT DO UPDATE SET last = last + 1.
CREATE TABLE floor_ticket_sequences (
  group_id uuid NOT NULL REFERENCES floor_groups(id),
  day date NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (group_id, day)
);

CREATE TABLE floor_tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  -- The group the ticket was issued for (its letter and number); `queue_group_id` is the queue it waits in now
  -- (the same, or the group it was transferred to).
  group_id uuid NOT NULL REFERENCES floor_groups(id),
  queue_group_id uuid NOT NULL REFERENCES floor_groups(id),
  day date NOT NULL,
  number integer NOT NULL CHECK (number > 0),
  -- As printed and shown on the board: the group's letter(s) at issue and the number on 3 digits (A012).
  code text NOT NULL CHECK (code ~ '^[A-Z]{1,2}[0-9]{3,}$'),
  -- Priority as the law asks (elderly, people with disabilities, pregnant women); an appointment checked in.
  priority text NOT NULL DEFAULT 'none' CHECK (priority IN ('none', 'elderly', 'disability', 'pregnant')),
  source text NOT NULL DEFAULT 'kiosk' CHECK (source IN ('kiosk', 'appointment', 'officer')),
  -- The order of the queue (floor.rules.ts queueRank): 0 a legal priority, 1 an appointment checked in, 2 the others;
  -- then in order of issue.
  rank smallint NOT NULL GENERATED ALWAYS AS (CASE WHEN priority <> 'none' THEN 0 WHEN source = 'appointment' THEN 1 ELSE 2 END) STORED,
  -- An appointment checked in (the FK is added by the appointments migration, 0052).
  appointment_id uuid,
  -- Sent the ticket by SMS (0xxxxxxxxx), when asked at the kiosk.
  phone text CHECK (phone ~ '^0[0-9]{9}$'),
  status text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'called', 'serving', 'done', 'skipped', 'cancelled')),
  -- The counter that called (and serves) the ticket.
  counter_id uuid REFERENCES floor_counters(id),
  officer_id uuid REFERENCES accounts(id),
  -- Transferred to one counter: waiting for that counter only (ahead of its groups' queues).
  for_counter_id uuid REFERENCES floor_counters(id),
  -- The dossier received or returned during the service, when known.
  dossier_id uuid REFERENCES dossiers(id),
  calls integer NOT NULL DEFAULT 0,
  issued_at timestamptz NOT NULL DEFAULT now(),
  -- The first call (waiting time = called_at − issued_at); last_called_at: the latest call or recall (the board).
  called_at timestamptz,
  last_called_at timestamptz,
  served_at timestamptz,
  finished_at timestamptz,
  -- Kept on the ticket (seconds): waiting until the first call, service from start to finish.
  wait_seconds integer GENERATED ALWAYS AS (floor(extract(epoch FROM called_at - issued_at))::integer) STORED,
  service_seconds integer GENERATED ALWAYS AS (floor(extract(epoch FROM finished_at - served_at))::integer) STORED,
  version integer NOT NULL DEFAULT 1,
  UNIQUE (group_id, day, number),
  CHECK (status = 'waiting' OR status = 'cancelled' OR counter_id IS NOT NULL),
  CHECK (status = 'waiting' OR for_counter_id IS NULL)
);
-- The queue: waiting tickets of a day, by queue group (a counter serves several), rank, then in order of issue.
CREATE INDEX floor_tickets_waiting_idx ON floor_tickets (day, queue_group_id, rank, issued_at) WHERE status = 'waiting';
CREATE INDEX floor_tickets_for_counter_idx ON floor_tickets (for_counter_id) WHERE status = 'waiting' AND for_counter_id IS NOT NULL;
-- A counter has at most one ticket called or in service: a second "call next" while one is open is refused.
CREATE UNIQUE INDEX floor_tickets_counter_active_key ON floor_tickets (counter_id) WHERE status IN ('called', 'serving');
-- The rating tablet: the counter's last finished ticket.
CREATE INDEX floor_tickets_counter_done_idx ON floor_tickets (counter_id, finished_at) WHERE status = 'done';
CREATE INDEX floor_tickets_agency_day_idx ON floor_tickets (agency_id, day);

-- What happened to a ticket, in order (the board's feed; each change also sends NOTIFY floor, payload the agency id,
-- in the same transaction). kind: issued, called, recalled, skipped, transferred, serving, done, cancelled.
CREATE TABLE floor_ticket_events (
  id bigserial PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agencies(id),
  ticket_id uuid NOT NULL REFERENCES floor_tickets(id),
  kind text NOT NULL CHECK (kind IN ('issued', 'called', 'recalled', 'skipped', 'transferred', 'serving', 'done', 'cancelled')),
  counter_id uuid REFERENCES floor_counters(id),
  officer_id uuid REFERENCES accounts(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX floor_ticket_events_agency_idx ON floor_ticket_events (agency_id, id);
CREATE INDEX floor_ticket_events_ticket_idx ON floor_ticket_events (ticket_id);

-- The kiosk's public endpoint: tickets issued per client address in a fixed window (the feedback_limits pattern).
CREATE TABLE floor_kiosk_limits (
  key text PRIMARY KEY,
  attempts integer NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The visitor's rating of the officer who served a ticket, on the tablet facing them (once per ticket).
CREATE TABLE floor_counter_ratings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL UNIQUE REFERENCES floor_tickets(id),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  counter_id uuid NOT NULL REFERENCES floor_counters(id),
  officer_id uuid NOT NULL REFERENCES accounts(id),
  dossier_id uuid REFERENCES dossiers(id),
  grade text NOT NULL CHECK (grade IN ('satisfied', 'normal', 'not_satisfied')),
  -- Reason codes picked on the tablet (floor rules list them: slow, unclear_guidance, attitude, asked_extra_papers, other).
  reasons text[] NOT NULL DEFAULT '{}',
  comment text CHECK (length(comment) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (reasons <@ ARRAY['slow', 'unclear_guidance', 'attitude', 'asked_extra_papers', 'other']::text[])
);
CREATE INDEX floor_counter_ratings_officer_idx ON floor_counter_ratings (officer_id, created_at);
CREATE INDEX floor_counter_ratings_agency_idx ON floor_counter_ratings (agency_id, created_at);
