-- The report triggers' fast path (issue 17, cheaper submissions). report_daily_apply() (0013, replaced in 0020) runs
-- once per INSERT, UPDATE or DELETE statement on dossiers and built its upsert of the four aggregates as dynamic SQL
-- (EXECUTE), which PostgreSQL parses and plans anew on every run: about 2 ms of a backend's CPU per statement,
-- measured, even when the statement changes no count. Most dossier writes change none: a draft created, its e-form
-- saved, a file added (touch), a draft submitted (status 1 without received_at), drafts purged — a dossier gives
-- report events only once it is received (or refused), report_dossier_events (0036). So the function now first
-- asks, in one small static query, whether any row of the transition tables gives an event (old state or new) and
-- returns at once when none does. When one does, the dynamic upsert runs exactly as before; when none does, that
-- upsert would have inserted nothing (its events are those of these rows), so the counts are the same either way.
CREATE OR REPLACE FUNCTION report_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'agency_id, procedure_version_id, status, channel, received_at, finished_at, timeliness, due_at, electronic_result';
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NOT EXISTS (SELECT 1 FROM new_rows n, LATERAL report_dossier_events(n.status, n.channel, n.received_at, n.finished_at, n.timeliness, n.due_at, n.electronic_result) e) THEN
      RETURN NULL;
    END IF;
    src := format('SELECT 1 AS sign, %s FROM new_rows', cols);
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM old_rows o, LATERAL report_dossier_events(o.status, o.channel, o.received_at, o.finished_at, o.timeliness, o.due_at, o.electronic_result) e) THEN
      RETURN NULL;
    END IF;
    src := format('SELECT -1 AS sign, %s FROM old_rows', cols);
  ELSE
    IF NOT EXISTS (SELECT 1 FROM new_rows n, LATERAL report_dossier_events(n.status, n.channel, n.received_at, n.finished_at, n.timeliness, n.due_at, n.electronic_result) e)
       AND NOT EXISTS (SELECT 1 FROM old_rows o, LATERAL report_dossier_events(o.status, o.channel, o.received_at, o.finished_at, o.timeliness, o.due_at, o.electronic_result) e) THEN
      RETURN NULL;
    END IF;
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
