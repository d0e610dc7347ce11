-- Catalog sync with the National Public Service Portal (issue 13): each run of the sync (daily job or a catalog
-- manager's button) with its progress and result table, and the publicity of each of our procedures on the national
-- portal, from which the Decision 766 publicity indicators are computed (scorecards.repository.ts).

CREATE TABLE catalog_sync_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  requested_by uuid REFERENCES accounts (id),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- Entries listed by the portal, and of those handled so far (the progress shown while running).
  total int NOT NULL DEFAULT 0 CHECK (total >= 0),
  processed int NOT NULL DEFAULT 0 CHECK (processed >= 0),
  -- {created, updated, unchanged, withdrawn, errors}
  counts jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The result table: [{code, name, outcome, reason?, detail?}]
  items jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- Why the whole run failed (the portal unreachable or refusing): nothing was changed.
  error text,
  CHECK (status = 'running' OR finished_at IS NOT NULL)
);
-- One run at a time.
CREATE UNIQUE INDEX catalog_sync_runs_one_running ON catalog_sync_runs ((true)) WHERE status = 'running';
CREATE INDEX catalog_sync_runs_started_idx ON catalog_sync_runs (started_at DESC);

-- One row per procedure of ours that a sync has looked at (the procedures of the synchronised unit's subtree).
CREATE TABLE catalog_publicity (
  procedure_id uuid PRIMARY KEY REFERENCES procedures (id),
  national_code text NOT NULL UNIQUE,
  -- The agency of our current version (the scorecard counts per agency).
  agency_id uuid NOT NULL REFERENCES agencies (id),
  -- On the national portal at the last sync: listed and in force ('published'), withdrawn there, or not listed.
  portal_status text NOT NULL CHECK (portal_status IN ('published', 'withdrawn', 'absent')),
  -- When a sync first saw it published there, and the publication time the portal states (NgayCongBo), if any.
  first_seen_published_at timestamptz,
  portal_published_at timestamptz,
  -- The day our publication was required: the effective date of our first published version (NULL while we have
  -- no published version: nothing is required yet).
  required_on date,
  -- The agency the portal names when it differs from ours (flagged for the catalog manager; never moved).
  portal_agency_code text,
  last_synced_at timestamptz NOT NULL,
  last_run_id uuid REFERENCES catalog_sync_runs (id) ON DELETE SET NULL
);
CREATE INDEX catalog_publicity_agency_idx ON catalog_publicity (agency_id);
