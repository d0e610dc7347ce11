-- Electronic invitations (giấy mời điện tử; issue 19 part 4): the invitees of a meeting — staff accounts of this or
-- another agency, or outside people by name with an e-mail address and/or a phone number — each with a personal
-- link (only the SHA-256 of its random token is stored) to answer: attend, decline with a reason, or delegate to a
-- deputy (who gets an invitation of their own, delegated_from). The invitation document's number (GM) comes from
-- a register per agency and year (meeting_invitation_registers); the meeting's attachments are files inspected
-- like every upload. Internal invitees are also told in-app (notifications kind 'meeting.invitation').

ALTER TABLE meeting_events
  ADD COLUMN invitation_year integer,
  ADD COLUMN invitation_number integer,
  ADD COLUMN invitation_symbol text,
  ADD COLUMN invitation_issued_at timestamptz;

CREATE TABLE meeting_invitation_registers (
  agency_id uuid NOT NULL REFERENCES agencies (id),
  year integer NOT NULL,
  last_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (agency_id, year)
);

CREATE UNIQUE INDEX meeting_events_invitation_number_idx ON meeting_events (agency_id, invitation_year, invitation_number) WHERE invitation_number IS NOT NULL;

CREATE TABLE meeting_invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES meeting_events (id) ON DELETE CASCADE,
  -- An internal invitee (a staff account) and the agency it belonged to when invited; NULL for an outside person.
  account_id uuid REFERENCES accounts (id),
  agency_id uuid REFERENCES agencies (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  email text CHECK (email IS NULL OR char_length(email) <= 254),
  phone text CHECK (phone IS NULL OR phone ~ '^0[0-9]{9,10}$'),
  token_hash text UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'delegated')),
  reason text CHECK (reason IS NULL OR char_length(reason) <= 1000),
  delegated_from uuid REFERENCES meeting_invitations (id),
  delegated_to uuid REFERENCES meeting_invitations (id),
  responded_at timestamptz,
  sent_at timestamptz,
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (account_id IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL)
);
CREATE UNIQUE INDEX meeting_invitations_account_idx ON meeting_invitations (event_id, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX meeting_invitations_invitee_idx ON meeting_invitations (account_id) WHERE account_id IS NOT NULL;

CREATE TABLE meeting_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES meeting_events (id) ON DELETE CASCADE,
  file_id uuid NOT NULL REFERENCES files (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
  created_by uuid REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_attachments_event_idx ON meeting_attachments (event_id);

-- In-app notices of invitations: 'meeting.invitation' added to whatever kinds the check allows by now (other
-- modules may have added theirs), not a fixed list that would drop them.
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(oid) INTO def FROM pg_constraint WHERE conname = 'notifications_kind_check' AND conrelid = 'notifications'::regclass;
  IF def IS NOT NULL AND position('meeting.invitation' IN def) = 0 AND def ~ '\]\)+$' THEN
    EXECUTE 'ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check';
    EXECUTE 'ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check ' || regexp_replace(def, '\](\)+)$', ', ''meeting.invitation''::text]\1');
  END IF;
END $$;
