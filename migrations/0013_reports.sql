-- Reports (Biểu 06/VPCP/KSTT, indicators, leaders' dashboard): a daily aggregate of the dossier life cycle,
-- kept exact by statement-level triggers on dossiers, so that a year's report reads thousands of aggregate
-- rows instead of scanning a million dossiers.
--
-- Every received dossier (status set and received_at set) contributes "events" on Vietnam calendar days:
--   rd = day(received_at)                                   metric 1 received online (channel 2) | 2 in person/postal
--   fd = greatest(rd, day(finished_at)) when finished        metric 3 early | 4 on_time | 5 late (status 9/10;
--        (finished = finished_at set and status 3/7/8/9/10)         timeliness NULL counts as on_time)
--                                                                  | 6 refused (3) | 7 withdrawn (7) | 8 stopped (8)
--   dd = greatest(rd, day(due_at)) when due_at is set        metric 9 due
--   dc = greatest(dd, fd) when due and finished               metric 10 due_closed
--   rd, for online dossiers resolved (9/10) with an electronic result: metric 11 online_resolved_electronic
--   day(due_at) (not clamped) while open (status 2, 4, 5, 6):           metric 12 open_due
-- The report for days [F, T] is sums of these counts (see src/modules/reports/reports.rules.ts):
--   carried over = #1,2 before F − #3..8 before F; new = #1, #2 in [F, T]; resolved/closed = #3..8 in [F, T];
--   in progress at T = #1,2 up to T − #3..8 up to T; overdue at T = #9 up to T − #10 up to T;
--   overdue now (periods reaching today) = #12 before today + open dossiers due earlier today (direct, indexed).
-- report_monthly holds the same counts by month (first day), so that long periods read whole months there and
-- only their partial first and last months in report_daily.
-- The days are clamped (greatest) so that inconsistent instants (finished before received) still balance.
CREATE TABLE report_daily (
  agency_id uuid NOT NULL,
  procedure_version_id uuid NOT NULL,
  day date NOT NULL,
  metric smallint NOT NULL CHECK (metric BETWEEN 1 AND 12),
  n int NOT NULL,
  PRIMARY KEY (agency_id, day, metric, procedure_version_id)
);
CREATE INDEX report_daily_day_idx ON report_daily (day, metric);

CREATE TABLE report_monthly (
  agency_id uuid NOT NULL,
  procedure_version_id uuid NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  metric smallint NOT NULL CHECK (metric BETWEEN 1 AND 12),
  n int NOT NULL,
  PRIMARY KEY (agency_id, month, metric, procedure_version_id)
);

-- The events of one dossier state (zero rows when the dossier was never received).
CREATE FUNCTION report_dossier_events(
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
    (base.rd, (CASE WHEN p_channel = 2 THEN 1 ELSE 2 END)::smallint),
    (base.fd, base.closing_metric),
    (base.dd, 9::smallint),
    (CASE WHEN base.dd IS NOT NULL AND base.fd IS NOT NULL THEN greatest(base.dd, base.fd) END, 10::smallint),
    (CASE WHEN p_channel = 2 AND p_status IN (9, 10) AND p_finished_at IS NOT NULL AND p_electronic_result THEN base.rd END, 11::smallint),
    (CASE WHEN p_status IN (2, 4, 5, 6) AND p_due_at IS NOT NULL THEN (p_due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END, 12::smallint)
  ) AS e (day, metric)
  WHERE e.day IS NOT NULL AND e.metric IS NOT NULL
$$;

-- Adds (sign +1) or removes (−1) the events of the dossier states in the transition tables, in both aggregates.
-- Rows are upserted in key order, so that concurrent transitions lock aggregate rows in the same order.
CREATE FUNCTION report_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
    WITH ev AS (
      SELECT x.agency_id, x.procedure_version_id, e.day, e.metric, sum(x.sign)::int AS n
      FROM (%s) x, LATERAL report_dossier_events(x.status, x.channel, x.received_at, x.finished_at, x.timeliness, x.due_at, x.electronic_result) e
      GROUP BY 1, 2, 3, 4
      HAVING sum(x.sign) <> 0
    ),
    daily AS (
      INSERT INTO report_daily AS r (agency_id, procedure_version_id, day, metric, n)
      SELECT agency_id, procedure_version_id, day, metric, n FROM ev ORDER BY agency_id, day, metric, procedure_version_id
      ON CONFLICT (agency_id, day, metric, procedure_version_id) DO UPDATE SET n = r.n + excluded.n
      RETURNING 1
    )
    INSERT INTO report_monthly AS r (agency_id, procedure_version_id, month, metric, n)
    SELECT agency_id, procedure_version_id, date_trunc('month', day)::date, metric, sum(n)::int FROM ev
    GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 ORDER BY 1, 3, 4, 2
    ON CONFLICT (agency_id, month, metric, procedure_version_id) DO UPDATE SET n = r.n + excluded.n
  $q$, src);
  RETURN NULL;
END;
$$;

CREATE TRIGGER dossiers_report_insert AFTER INSERT ON dossiers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_daily_apply();
CREATE TRIGGER dossiers_report_update AFTER UPDATE ON dossiers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_daily_apply();
CREATE TRIGGER dossiers_report_delete AFTER DELETE ON dossiers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION report_daily_apply();

-- Dossiers already present (none on a fresh installation).
INSERT INTO report_daily (agency_id, procedure_version_id, day, metric, n)
SELECT d.agency_id, d.procedure_version_id, e.day, e.metric, count(*)::int
FROM dossiers d, LATERAL report_dossier_events(d.status, d.channel, d.received_at, d.finished_at, d.timeliness, d.due_at, d.electronic_result) e
GROUP BY 1, 2, 3, 4;
INSERT INTO report_monthly (agency_id, procedure_version_id, month, metric, n)
SELECT agency_id, procedure_version_id, date_trunc('month', day)::date, metric, sum(n)::int FROM report_daily GROUP BY 1, 2, 3, 4;

-- Drill-down lists and the dashboard: dossiers finished per agency by day already have dossiers_finished_idx;
-- overdue dossiers by workflow step read the in-progress partial index (0008).
CREATE INDEX accounts_created_idx ON accounts (created_at) WHERE kind IN ('citizen', 'organisation');
