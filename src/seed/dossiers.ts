// `opendvc seed --dossiers N`: a realistic year of N dossiers over the published catalog (the demo agencies and
// procedures), generated inside PostgreSQL (generate_series) in chunks, so that a million takes well under a minute
// or two. Mix: ~25% online (channel 2), the rest at the counter (1) or by post (3); received over the last 365 days;
// mostly resolved (status 9/10) early or on time, a few % late; recent dossiers mostly in progress (2/4/5/6), some
// older ones still in progress and so overdue; a few refused (3), withdrawn (7) or stopped (8).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../container.ts';
import { ImportsRepository } from '../modules/imports/imports.repository.ts';

const CHUNK = 50_000;

export const GENERATED_ACCOUNT = { username: 'he-thong.du-lieu-mau', fullName: 'Dữ liệu mẫu sinh tự động' };

export interface GeneratedDossiers {
  inserted: number;
  ms: number;
}

export async function seedGeneratedDossiers(ctx: AppContext, count: number, options: { now?: Date; onProgress?: (done: number) => void } = {}): Promise<GeneratedDossiers> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const versions = await ctx.db.selectFrom('procedure_versions').select('id').where('status', '=', 'published').limit(1).execute();
  if (versions.length === 0) throw new Error('no published procedure: load the demo data first (opendvc seed --demo)');
  // One system account owns the generated dossiers (not demo.congdan, whose own pages stay readable).
  const applicantId = await new ImportsRepository().systemAccountId(ctx.db, GENERATED_ACCOUNT);
  // A token per run keeps the codes of two runs apart.
  const token = randomBytes(3).toString('hex').toUpperCase();
  let inserted = 0;
  // Chunks run on two connections at once (one INSERT uses one core; the report triggers upsert in key order).
  const chunks: Array<[number, number]> = [];
  for (let from = 1; from <= count; from += CHUNK) chunks.push([from, Math.min(count, from + CHUNK - 1)]);
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      const result = await generationQuery(chunk[0], chunk[1], now, applicantId, token).execute(ctx.db);
      inserted += Number(result.numAffectedRows ?? 0n);
      options.onProgress?.(inserted);
    }
  };
  await Promise.all([worker(), worker()]);
  return { inserted, ms: Date.now() - started };
}

/** The INSERT … SELECT of dossiers number `from`..`to` of a run. */
export function generationQuery(from: number, to: number, now: Date, applicantId: string, token: string) {
  return sql`
      WITH v AS (
        SELECT (row_number() OVER (ORDER BY pv.id) - 1)::int AS i, pv.id, pv.agency_id, a.code AS agency_code,
               greatest(1, ceil(CASE pv.time_limit_unit WHEN 'working_days' THEN pv.time_limit_value * 1.4
                                                          WHEN 'half_days' THEN pv.time_limit_value * 0.7 ELSE 1 END))::int AS days
        FROM procedure_versions pv JOIN agencies a ON a.id = pv.agency_id WHERE pv.status = 'published'
      ),
      nv AS (SELECT count(*)::int AS n FROM v),
      g AS (
        SELECT s, random() AS r_proc, random() AS r_day, random() AS r_channel, random() AS r_state, random() AS r_time, random() AS r_misc,
               ${now}::timestamptz - make_interval(secs => floor(random() * 365 * 86400)::int) AS received
        FROM generate_series(${from}::int, ${to}::int) AS s
      ),
      d AS (
        SELECT g.*, v.id AS version_id, v.agency_id, v.agency_code, v.days,
               g.received + make_interval(days => v.days) AS due,
               CASE
                 -- Received in the last 20 days: mostly still being handled.
                 WHEN g.received > ${now}::timestamptz - interval '20 days' AND g.r_state < 0.7 THEN (ARRAY[2, 4, 4, 4, 5, 6])[1 + floor(g.r_misc * 6)::int]
                 WHEN g.r_state < 0.03 THEN (ARRAY[4, 4, 5])[1 + floor(g.r_misc * 3)::int]
                 WHEN g.r_state < 0.04 THEN 3
                 WHEN g.r_state < 0.05 THEN 7
                 WHEN g.r_state < 0.055 THEN 8
                 WHEN g.r_state < 0.2 THEN 9
                 ELSE 10
               END AS status,
               CASE WHEN g.r_channel < 0.25 THEN 2 WHEN g.r_channel < 0.95 THEN 1 ELSE 3 END AS channel
        -- As in real one-stop offices, a few procedures take most dossiers and many take none in a year: the
        -- dossiers go to the first 30% of the procedures (in a fixed pseudo-random order), skewed (r⁶) towards the
        -- first ones (the top 1% of those take ~46% of the dossiers).
        FROM g JOIN nv ON true JOIN v ON v.i = least(nv.n - 1, floor(power(g.r_proc, 6) * greatest(1, ceil(nv.n * 0.3)))::int)
      ),
      f AS (
        SELECT d.*,
          CASE
            WHEN d.status IN (9, 10) THEN least(${now}::timestamptz, greatest(d.received + interval '2 hours',
              CASE WHEN d.r_time < 0.80 THEN d.due - make_interval(days => 1 + floor(d.r_time * 100)::int % greatest(1, d.days))
                   WHEN d.r_time < 0.95 THEN d.due - interval '2 hours'
                   ELSE d.due + make_interval(days => 1 + floor(d.r_time * 1000)::int % 10) END))
            WHEN d.status IN (3, 7, 8) THEN least(${now}::timestamptz, d.received + make_interval(hours => 2 + floor(d.r_time * 72)::int))
          END AS finished
        FROM d
      )
      INSERT INTO dossiers (code, agency_id, procedure_version_id, applicant_id, status, channel, applicant_kind, source,
        submitted_at, received_at, due_at, appointment_at, expected_date, finished_at, timeliness, returned_at, return_method,
        fee_vnd, paid_online, electronic_result, digitised, lookup_secret_hash, applicant_name)
      SELECT
        f.agency_code || '-' || to_char(f.received AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-' || ${token} || lpad(f.s::text, 7, '0'),
        f.agency_id, f.version_id, ${applicantId}::uuid, f.status, f.channel,
        CASE WHEN f.r_misc < 0.3 THEN 'organisation' ELSE 'citizen' END,
        CASE WHEN f.channel = 2 THEN 'portal' ELSE 'counter' END,
        f.received, CASE WHEN f.status = 3 THEN NULL ELSE f.received END, f.due, f.due, (f.due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
        f.finished,
        CASE WHEN f.status IN (9, 10) THEN
          CASE WHEN (f.finished AT TIME ZONE 'Asia/Ho_Chi_Minh')::date < (f.due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'early'
               WHEN (f.finished AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = (f.due AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN 'on_time'
               ELSE 'late' END END,
        CASE WHEN f.status = 10 THEN least(${now}::timestamptz, f.finished + make_interval(hours => floor(f.r_misc * 72)::int)) END,
        CASE WHEN f.status = 10 THEN (CASE WHEN f.channel = 2 THEN 'online' WHEN f.channel = 3 THEN 'post' ELSE 'counter' END) END,
        (ARRAY[0, 0, 100000, 200000, 500000, 1000000])[1 + floor(f.r_day * 6)::int],
        f.channel = 2 AND f.r_misc < 0.4,
        f.status IN (9, 10) AND f.channel = 2 AND f.r_time < 0.5,
        f.r_day < 0.6,
        md5(f.s::text || ${token} || f.r_misc::text),
        (ARRAY['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thu Dung', 'Công ty TNHH Minh Long', 'Hoàng Văn Em', 'Võ Thị Giang'])[1 + floor(f.r_day * 7)::int]
      FROM f
      -- In code order: the unique index on code (and the agency/day indexes) fill almost sequentially.
      ORDER BY 1
      ON CONFLICT (code) DO NOTHING`;
}
