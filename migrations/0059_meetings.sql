-- The work calendar (lịch công tác; issue 19 part 4): entries of an agency's calendar or of one of its leaders'
-- (leader_id), with time (all-day or from–to; Vietnam time is applied by the application), location, chair,
-- participants (staff accounts, and outside participants as free text), preparing departments, a public flag, and
-- the state draft → published → cancelled. Published entries changed afterwards keep every earlier version
-- (meeting_event_versions) and are shown as "changed". A meeting (is_meeting) has invitations (migration 0060).

CREATE TABLE meeting_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agency_id uuid NOT NULL REFERENCES agencies (id),
  -- NULL: the agency's calendar; else the calendar of this leader (a staff account of the agency).
  leader_id uuid REFERENCES accounts (id),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  all_day boolean NOT NULL DEFAULT false,
  location text NOT NULL DEFAULT '' CHECK (char_length(location) <= 500),
  chair_id uuid REFERENCES accounts (id),
  chair_name text NOT NULL DEFAULT '' CHECK (char_length(chair_name) <= 200),
  outside_participants text NOT NULL DEFAULT '' CHECK (char_length(outside_participants) <= 2000),
  content text NOT NULL DEFAULT '' CHECK (char_length(content) <= 4000),
  is_public boolean NOT NULL DEFAULT false,
  is_meeting boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
  version integer NOT NULL DEFAULT 1,
  changed_after_publish boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  published_by uuid REFERENCES accounts (id),
  created_by uuid NOT NULL REFERENCES accounts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX meeting_events_agency_idx ON meeting_events (agency_id, starts_at);
CREATE INDEX meeting_events_leader_idx ON meeting_events (leader_id, starts_at) WHERE leader_id IS NOT NULL;

CREATE TABLE meeting_event_participants (
  event_id uuid NOT NULL REFERENCES meeting_events (id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts (id),
  PRIMARY KEY (event_id, account_id)
);
CREATE INDEX meeting_event_participants_account_idx ON meeting_event_participants (account_id);

CREATE TABLE meeting_event_departments (
  event_id uuid NOT NULL REFERENCES meeting_events (id) ON DELETE CASCADE,
  department_id uuid NOT NULL REFERENCES departments (id),
  PRIMARY KEY (event_id, department_id)
);

-- Each version of a published entry as it was before a change (what was published, then what changed).
CREATE TABLE meeting_event_versions (
  event_id uuid NOT NULL REFERENCES meeting_events (id) ON DELETE CASCADE,
  version integer NOT NULL,
  snapshot jsonb NOT NULL,
  changed_by uuid REFERENCES accounts (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, version)
);
