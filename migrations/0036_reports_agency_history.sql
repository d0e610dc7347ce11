-- Reports after agency mergers, and refusals (issue 16).
--
-- 1. An agency merged into another (successor_id set) is now part of its successor: the reports, the 766 scorecard
--    and the disclosure pages of an agency cover every agency whose "effective parent" chain leads to it, the
--    effective parent being the successor when there is one, else the parent. AgenciesRepository.nowPartOf walks
--    that chain down from the agency asked for; this index serves its join.
CREATE INDEX agencies_effective_parent_idx ON agencies ((coalesce(successor_id, parent_id)));

-- 2. A refusal (status 3, "không được tiếp nhận") happens before reception: the dossier has no received_at, so the
--    events of 0013/0029 never counted it. Now a refused dossier gives exactly one event, metric 6 on the day of its
--    refusal (finished_at, Vietnam time), and never a "received" event (even if an inconsistent row carries a
--    received_at): refusals are their own column of Biểu 06, outside the balance
--    received = resolved + in progress + withdrawn + stopped.
LOCK TABLE dossiers IN SHARE MODE; -- no dossier change between the new function and the rebuild below

CREATE OR REPLACE FUNCTION report_dossier_events(
  p_status smallint, p_channel smallint, p_received_at timestamptz, p_finished_at timestamptz,
  p_timeliness text, p_due_at timestamptz, p_electronic_result boolean
) RETURNS TABLE (day date, metric smallint)
LANGUAGE sql STABLE AS $$
  SELECT e.day, e.metric
  FROM (SELECT
      (p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS rd,
      CASE WHEN p_finished_at IS NOT NULL AND p_status IN (7, 8, 9, 10)
        THEN greatest((p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, (p_finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) END AS fd,
      CASE WHEN p_due_at IS NOT NULL
        THEN greatest((p_received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, (p_due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) END AS dd,
      CASE
        WHEN p_status IN (9, 10) THEN (CASE coalesce(p_timeliness, 'on_time') WHEN 'early' THEN 3 WHEN 'on_time' THEN 4 ELSE 5 END)
        WHEN p_status = 7 THEN 7 WHEN p_status = 8 THEN 8
      END::smallint AS closing_metric
    WHERE p_status IS NOT NULL AND p_status <> 3 AND p_received_at IS NOT NULL) AS base,
  LATERAL (VALUES
    (base.rd, (CASE WHEN p_channel IN (2, 4) THEN 1 ELSE 2 END)::smallint),
    (base.fd, base.closing_metric),
    (base.dd, 9::smallint),
    (CASE WHEN base.dd IS NOT NULL AND base.fd IS NOT NULL THEN greatest(base.dd, base.fd) END, 10::smallint),
    (CASE WHEN p_channel IN (2, 4) AND p_status IN (9, 10) AND p_finished_at IS NOT NULL AND p_electronic_result THEN base.rd END, 11::smallint),
    (CASE WHEN p_status IN (2, 4, 5, 6) AND p_due_at IS NOT NULL THEN (p_due_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date END, 12::smallint)
  ) AS e (day, metric)
  WHERE e.day IS NOT NULL AND e.metric IS NOT NULL
  UNION ALL
  SELECT (p_finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 6::smallint
  WHERE p_status = 3 AND p_finished_at IS NOT NULL
$$;

-- The four aggregates rebuilt from the dossiers with the new events (the triggers subtract what this function
-- gives for a row's old state, so the stored counts must be exactly its sums).
TRUNCATE report_daily, report_monthly, report_field_daily, report_field_monthly;
INSERT INTO report_daily (agency_id, procedure_version_id, day, metric, n)
SELECT d.agency_id, d.procedure_version_id, e.day, e.metric, count(*)::int
FROM dossiers d, LATERAL report_dossier_events(d.status, d.channel, d.received_at, d.finished_at, d.timeliness, d.due_at, d.electronic_result) e
GROUP BY 1, 2, 3, 4;
INSERT INTO report_monthly (agency_id, procedure_version_id, month, metric, n)
SELECT agency_id, procedure_version_id, date_trunc('month', day)::date, metric, sum(n)::int FROM report_daily GROUP BY 1, 2, 3, 4;
INSERT INTO report_field_daily (agency_id, field_id, day, metric, n)
SELECT r.agency_id, pv.field_id, r.day, r.metric, sum(r.n)::int
FROM report_daily r JOIN procedure_versions pv ON pv.id = r.procedure_version_id
GROUP BY 1, 2, 3, 4 HAVING sum(r.n) <> 0;
INSERT INTO report_field_monthly (agency_id, field_id, month, metric, n)
SELECT r.agency_id, pv.field_id, r.month, r.metric, sum(r.n)::int
FROM report_monthly r JOIN procedure_versions pv ON pv.id = r.procedure_version_id
GROUP BY 1, 2, 3, 4 HAVING sum(r.n) <> 0;

-- Drill-down of the refused column: refused dossiers by agency and refusal instant.
CREATE INDEX dossiers_refused_idx ON dossiers (agency_id, finished_at) WHERE status = 3;
