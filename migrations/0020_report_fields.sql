-- Reports by field (issue 5): the counts of report_daily / report_monthly (0013) summed by the field of the
-- dossier's procedure version, keyed by (agency, field, day|month, metric). The handling report grouped by field,
-- agency or level, the indicators and the dashboard read these, so that their cost depends on the number of
-- agencies × fields, not on how many procedure versions hold dossiers (thousands with a full catalog); grouping
-- by procedure and the drill-downs keep reading the version tables (or the dossiers).
--
-- Invariant: report_field_daily (agency, field, day, metric) = sum of report_daily over the versions of that field
-- (same for the months). It is kept by report_daily_apply(), replaced here so that one statement-level trigger run
-- upserts all four tables (each in key order, the tables always in the same order), and by a row trigger on
-- procedure_versions that moves a version's counts when its field changes (a catalog edit; rare).
LOCK TABLE dossiers IN SHARE MODE; -- no dossier change between the fill below and the new trigger function

CREATE TABLE report_field_daily (
  agency_id uuid NOT NULL,
  field_id uuid NOT NULL,
  day date NOT NULL,
  metric smallint NOT NULL CHECK (metric BETWEEN 1 AND 12),
  n int NOT NULL,
  PRIMARY KEY (agency_id, day, metric, field_id)
);

CREATE TABLE report_field_monthly (
  agency_id uuid NOT NULL,
  field_id uuid NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  metric smallint NOT NULL CHECK (metric BETWEEN 1 AND 12),
  n int NOT NULL,
  PRIMARY KEY (agency_id, month, metric, field_id)
);

-- Existing counts, summed by field.
INSERT INTO report_field_daily (agency_id, field_id, day, metric, n)
SELECT r.agency_id, pv.field_id, r.day, r.metric, sum(r.n)::int
FROM report_daily r JOIN procedure_versions pv ON pv.id = r.procedure_version_id
GROUP BY 1, 2, 3, 4 HAVING sum(r.n) <> 0;
INSERT INTO report_field_monthly (agency_id, field_id, month, metric, n)
SELECT r.agency_id, pv.field_id, r.month, r.metric, sum(r.n)::int
FROM report_monthly r JOIN procedure_versions pv ON pv.id = r.procedure_version_id
GROUP BY 1, 2, 3, 4 HAVING sum(r.n) <> 0;

-- Adds (sign +1) or removes (−1) the events of the dossier states in the transition tables, in the four aggregates.
-- The events are computed once (ev, by version); the field rows sum them by the version's field (fev). Rows are
-- upserted in key order, so that concurrent transitions lock aggregate rows in the same order.
CREATE OR REPLACE FUNCTION report_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'agency_id, procedure_version_id, status, channel, received_at, finished_at, timeliness, due_at, electronic_result';
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := format('SELECT 1 AS sign, %s FROM new_rows', cols);
  ELSIF TG_OP = 'DELETE' THEN
    src := format('SELECT -1 AS sign, %s FROM old_rows', cols);
  ELSE
    src := format(
      'SELECT -1 AS sign, %1$s FROM (SELECT o.* FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE (o.agency_id, o.procedure_version_id, o.status, o.channel, o.received_at, o.finished_at, o.timeliness, o.due_at, o.electronic_result)
           IS DISTINCT FROM (n.agency_id, n.procedure_version_id, n.status, n.channel, n.received_at, n.finished_at, n.timeliness, n.due_at, n.electronic_result)) o
       UNION ALL
       SELECT 1, %1$s FROM (SELECT n.* FROM old_rows o JOIN new_rows n ON n.id = o.id
         WHERE (o.agency_id, o.procedure_version_id, o.status, o.channel, o.received_at, o.finished_at, o.timeliness, o.due_at, o.electronic_result)
           IS DISTINCT FROM (n.agency_id, n.procedure_version_id, n.status, n.channel, n.received_at, n.finished_at, n.timeliness, n.due_at, n.electronic_result)) n',
      cols);
  END IF;
  EXECUTE format($q$
    WITH ev AS MATERIALIZED (
      SELECT x.agency_id, x.procedure_version_id, e.day, e.metric, sum(x.sign)::int AS n
      FROM (%s) x, LATERAL report_dossier_events(x.status, x.channel, x.received_at, x.finished_at, x.timeliness, x.due_at, x.electronic_result) e
      GROUP BY 1, 2, 3, 4
      HAVING sum(x.sign) <> 0
    ),
    fev AS MATERIALIZED (
      SELECT ev.agency_id, pv.field_id, ev.day, ev.metric, sum(ev.n)::int AS n
      FROM ev JOIN procedure_versions pv ON pv.id = ev.procedure_version_id
      GROUP BY 1, 2, 3, 4
      HAVING sum(ev.n) <> 0
    ),
    daily AS (
      INSERT INTO report_daily AS r (agency_id, procedure_version_id, day, metric, n)
      SELECT agency_id, procedure_version_id, day, metric, n FROM ev ORDER BY agency_id, day, metric, procedure_version_id
      ON CONFLICT (agency_id, day, metric, procedure_version_id) DO UPDATE SET n = r.n + excluded.n
      RETURNING 1
    ),
    monthly AS (
      INSERT INTO report_monthly AS r (agency_id, procedure_version_id, month, metric, n)
      SELECT agency_id, procedure_version_id, date_trunc('month', day)::date, metric, sum(n)::int FROM ev
      GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 3, 4, 2
      ON CONFLICT (agency_id, month, metric, procedure_version_id) DO UPDATE SET n = r.n + excluded.n
      RETURNING 1
    ),
    field_daily AS (
      INSERT INTO report_field_daily AS r (agency_id, field_id, day, metric, n)
      SELECT agency_id, field_id, day, metric, n FROM fev ORDER BY agency_id, day, metric, field_id
      ON CONFLICT (agency_id, day, metric, field_id) DO UPDATE SET n = r.n + excluded.n
      RETURNING 1
    )
    INSERT INTO report_field_monthly AS r (agency_id, field_id, month, metric, n)
    SELECT agency_id, field_id, date_trunc('month', day)::date, metric, sum(n)::int FROM fev
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 3, 4, 2
    ON CONFLICT (agency_id, month, metric, field_id) DO UPDATE SET n = r.n + excluded.n
  $q$, src);
  RETURN NULL;
END;
$$;

-- A version changing field (a catalog edit) moves its counts between fields. Dossier writes are held back meanwhile
-- (SHARE lock until the edit commits), so that none adds its events to the old field after they were moved.
CREATE FUNCTION report_version_field_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE dossiers IN SHARE MODE;
  IF NOT EXISTS (SELECT 1 FROM report_monthly WHERE procedure_version_id = NEW.id) THEN
    RETURN NULL;
  END IF;
  INSERT INTO report_field_daily AS r (agency_id, field_id, day, metric, n)
  SELECT agency_id, field_id, day, metric, n FROM (
    SELECT agency_id, OLD.field_id AS field_id, day, metric, -sum(n)::int AS n FROM report_daily WHERE procedure_version_id = NEW.id GROUP BY 1, 3, 4
    UNION ALL
    SELECT agency_id, NEW.field_id, day, metric, sum(n)::int FROM report_daily WHERE procedure_version_id = NEW.id GROUP BY 1, 3, 4
  ) x WHERE n <> 0 ORDER BY agency_id, day, metric, field_id
  ON CONFLICT (agency_id, day, metric, field_id) DO UPDATE SET n = r.n + excluded.n;
  INSERT INTO report_field_monthly AS r (agency_id, field_id, month, metric, n)
  SELECT agency_id, field_id, month, metric, n FROM (
    SELECT agency_id, OLD.field_id AS field_id, month, metric, -sum(n)::int AS n FROM report_monthly WHERE procedure_version_id = NEW.id GROUP BY 1, 3, 4
    UNION ALL
    SELECT agency_id, NEW.field_id, month, metric, sum(n)::int FROM report_monthly WHERE procedure_version_id = NEW.id GROUP BY 1, 3, 4
  ) x WHERE n <> 0 ORDER BY agency_id, month, metric, field_id
  ON CONFLICT (agency_id, month, metric, field_id) DO UPDATE SET n = r.n + excluded.n;
  RETURN NULL;
END;
$$;

CREATE TRIGGER procedure_versions_report_field AFTER UPDATE OF field_id ON procedure_versions
  FOR EACH ROW WHEN (OLD.field_id IS DISTINCT FROM NEW.field_id) EXECUTE FUNCTION report_version_field_move();
