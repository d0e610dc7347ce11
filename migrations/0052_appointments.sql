-- Appointments at the one-stop centre (issue 20, part 3): a visit booked to a counter group for a procedure, online
-- (signed in, or with a phone verified by a one-time SMS code) or by phone through an officer; checked in at the
-- kiosk with its QR / booking code (a queue ticket, floor_tickets.appointment_id); no-shows counted.

-- Booking settings of a counter group (edited by the agency's leader or an administrator). No row: not bookable.
CREATE TABLE appointment_settings (
  group_id uuid PRIMARY KEY REFERENCES floor_groups(id) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT true,
  slot_minutes integer NOT NULL DEFAULT 15 CHECK (slot_minutes BETWEEN 5 AND 240),
  -- Visitors per slot.
  capacity integer NOT NULL DEFAULT 2 CHECK (capacity BETWEEN 1 AND 100),
  -- How many calendar days ahead a slot may be booked (today counts as 0).
  days_ahead integer NOT NULL DEFAULT 14 CHECK (days_ahead BETWEEN 1 AND 90),
  -- Booking and the citizen's cancellation close this many minutes before the slot.
  cutoff_minutes integer NOT NULL DEFAULT 60 CHECK (cutoff_minutes BETWEEN 0 AND 2880),
  updated_by uuid REFERENCES accounts(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One counter row per (group, slot start): a booking is `UPDATE … SET booked = booked + 1 WHERE booked < capacity`
-- (the row lock orders concurrent bookings of the last place: one wins), a cancellation gives the place back.
CREATE TABLE appointment_slots (
  group_id uuid NOT NULL REFERENCES floor_groups(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  booked integer NOT NULL DEFAULT 0 CHECK (booked >= 0),
  PRIMARY KEY (group_id, starts_at)
);

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The booking code (8 letters and digits without look-alikes), printed under the QR; typed or scanned at the kiosk.
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z2-9]{8}$'),
  agency_id uuid NOT NULL REFERENCES agencies(id),
  group_id uuid NOT NULL REFERENCES floor_groups(id),
  procedure_id uuid REFERENCES procedures(id),
  -- The slot (Vietnam day of its start kept for the day lists and the reports).
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'checked_in', 'cancelled', 'no_show')),
  channel text NOT NULL CHECK (channel IN ('online', 'phone')),
  -- The citizen's account when booked signed in.
  account_id uuid REFERENCES accounts(id),
  name text NOT NULL,
  phone text,
  email text,
  -- The language of the confirmation and reminders.
  locale text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en')),
  -- SHA-256 of the secret of the confirmation/cancellation link (the link itself is never stored).
  access_hash bytea,
  -- The officer who booked it on the phone.
  booked_by uuid REFERENCES accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  cancelled_by uuid REFERENCES accounts(id),
  checked_in_at timestamptz,
  ticket_id uuid REFERENCES floor_tickets(id),
  no_show_at timestamptz,
  reminded_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK ((status = 'checked_in') = (checked_in_at IS NOT NULL)),
  CHECK (phone IS NOT NULL OR email IS NOT NULL OR account_id IS NOT NULL)
);
CREATE INDEX appointments_group_day_idx ON appointments (group_id, day, starts_at);
CREATE INDEX appointments_agency_day_idx ON appointments (agency_id, day);
CREATE INDEX appointments_account_idx ON appointments (account_id, starts_at) WHERE account_id IS NOT NULL;
CREATE INDEX appointments_booked_day_idx ON appointments (day) WHERE status = 'booked';

-- A ticket issued for an appointment at its check-in (one ticket per appointment).
ALTER TABLE floor_tickets ADD CONSTRAINT floor_tickets_appointment_id_fkey FOREIGN KEY (appointment_id) REFERENCES appointments(id);
CREATE UNIQUE INDEX floor_tickets_appointment_key ON floor_tickets (appointment_id) WHERE appointment_id IS NOT NULL;
