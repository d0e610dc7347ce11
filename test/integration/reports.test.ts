// Reports against PostgreSQL: the daily aggregate kept by triggers equals the direct definition over random
// dossier histories; the Trà Vinh and Bộ VHTTDL figures reproduced from constructed data; scope and periods.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import {
  dossierValues,
  insertDossiers,
  makeAgency,
  makeApplicant,
  makeField,
  makeProcedure,
  officer,
  traVinhSpecs,
  vn,
  type DossierSpec,
} from '../helpers/reports-fixtures.ts';
import { CELLS, directNumbers, invariantProblems, type DossierFacts, type Period } from '../../src/modules/reports/reports.rules.ts';
import { DomainError } from '../../src/core/errors.ts';
import { seededRandom } from '../../src/core/random.ts';

type Ctx = Awaited<ReturnType<typeof createTestContext>>;
const ctx: Ctx = await createTestContext();


async function facts(_ctx: Ctx, agencyIds: string[], versionIds?: string[]): Promise<Array<DossierFacts & { versionId: string; agencyId: string }>> {
  let q = ctx.db
    .selectFrom('dossiers')
    .select(['status', 'channel', 'received_at', 'finished_at', 'timeliness', 'due_at', 'electronic_result', 'procedure_version_id', 'agency_id'])
    .where('agency_id', 'in', agencyIds);
  if (versionIds) q = q.where('procedure_version_id', 'in', versionIds);
  const rows = await q.execute();
  return rows.map((r) => ({
    status: r.status,
    channel: r.channel,
    receivedAt: r.received_at,
    finishedAt: r.finished_at,
    timeliness: r.timeliness,
    dueAt: r.due_at,
    electronicResult: r.electronic_result,
    versionId: r.procedure_version_id,
    agencyId: r.agency_id,
  }));
}

/**
 * Differences between the field-level aggregates (0020) and the version-level ones (0013) summed by the versions'
 * current field, over the whole database (daily and monthly); also how many non-zero field rows exist.
 */
async function fieldTableDifferences(): Promise<{ daily: number; monthly: number; fieldRows: number }> {
  const result = await sql<{ daily: number; monthly: number; field_rows: number }>`
    WITH vd AS (
      SELECT r.agency_id, pv.field_id, r.day, r.metric, sum(r.n)::int AS n
      FROM report_daily r JOIN procedure_versions pv ON pv.id = r.procedure_version_id GROUP BY 1, 2, 3, 4
    ),
    vm AS (
      SELECT r.agency_id, pv.field_id, r.month, r.metric, sum(r.n)::int AS n
      FROM report_monthly r JOIN procedure_versions pv ON pv.id = r.procedure_version_id GROUP BY 1, 2, 3, 4
    )
    SELECT
      (SELECT count(*)::int FROM vd FULL JOIN report_field_daily f USING (agency_id, field_id, day, metric)
        WHERE coalesce(vd.n, 0) <> coalesce(f.n, 0)) AS daily,
      (SELECT count(*)::int FROM vm FULL JOIN report_field_monthly f USING (agency_id, field_id, month, metric)
        WHERE coalesce(vm.n, 0) <> coalesce(f.n, 0)) AS monthly,
      (SELECT count(*)::int FROM report_field_daily WHERE n <> 0) AS field_rows`.execute(ctx.db);
  const row = result.rows[0]!;
  return { daily: row.daily, monthly: row.monthly, fieldRows: row.field_rows };
}

describe('the daily aggregate equals the direct definition', () => {
  let root: { id: string; code: string };
  let child: { id: string; code: string };
  let versions: string[];
  let fieldIds: string[];
  let applicant: string;
  before(async () => {
    root = await makeAgency(ctx, 'RP.ROOT', { level: 'province' });
    child = await makeAgency(ctx, 'RP.CHILD', { parentId: root.id, level: 'district' });
    const f1 = await makeField(ctx, 'Văn hóa');
    const f2 = await makeField(ctx, 'Du lịch');
    const f3 = await makeField(ctx, 'Thể thao');
    fieldIds = [f1.id, f2.id, f3.id];
    versions = [
      (await makeProcedure(ctx, { agencyId: root.id, fieldId: f1.id })).version.id,
      (await makeProcedure(ctx, { agencyId: root.id, fieldId: f2.id, onlineLevel: 2, onlineClass: 'none' })).version.id,
      (await makeProcedure(ctx, { agencyId: child.id, fieldId: f1.id })).version.id,
    ];
    applicant = (await makeApplicant(ctx)).id;
  });

  /** A random consistent dossier state in 2025 (Vietnam time). */
  function randomState(rand: () => number): Omit<DossierSpec, 'agencyId' | 'versionId'> {
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const status = pick([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 9, 10, 4] as const);
    if (status === 1) return { status, channel: 2 };
    // A refusal happens before reception: no received date, the refusal instant in finished_at.
    if (status === 3) return { status, channel: pick([1, 2, 3]), receivedAt: null, finishedAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 360 * 86400_000)) };
    const received = new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 360 * 86400_000));
    const due = rand() < 0.1 ? null : new Date(received.getTime() + Math.floor(rand() * 40 * 86400_000));
    const channel = pick([1, 2, 3, 2]);
    const electronicResult = rand() < 0.5;
    if ([2, 4, 5, 6].includes(status)) return { status, channel, receivedAt: received, dueAt: due, electronicResult, currentStep: pick([1, 2, 3]) };
    // Sometimes inconsistent on purpose: finished before received (imported data) must still balance.
    const finished = new Date(received.getTime() + Math.floor((rand() * 60 - (rand() < 0.05 ? 70 : 0)) * 86400_000));
    let timeliness: 'early' | 'on_time' | 'late' | null = null;
    if (status >= 9) timeliness = rand() < 0.1 ? null : pick(['early', 'on_time', 'late'] as const);
    return { status, channel, receivedAt: received, dueAt: due, finishedAt: finished, timeliness, electronicResult };
  }

  const periods: Period[] = [
    { from: '2025-01-01', to: '2025-12-31' },
    { from: '2025-03-15', to: '2025-06-14' },
    { from: '2025-07-01', to: '2025-07-31' },
    { from: '2025-05-10', to: '2025-05-10' },
    { from: '2024-01-01', to: '2025-02-01' },
    { from: '2025-11-01', to: '2026-01-31' },
  ];
  const now = vn('2025-12-20T10:00:00');

  async function compareAll(label: string) {
    const actor = officer(root.id, 'agency_leader');
    const all = await facts(ctx, [root.id, child.id]);
    const seen = new Set<string>();
    // The field tables hold exactly the version tables summed by field.
    const differences = await fieldTableDifferences();
    assert.deepEqual([differences.daily, differences.monthly], [0, 0], `${label}: field tables = version tables by field`);
    assert.ok(differences.fieldRows > 0, `${label}: field tables filled`);
    // Rows by field, agency and level (field tables) are each exactly the direct numbers of their dossiers.
    const fieldOf = new Map(
      (await ctx.db.selectFrom('procedure_versions').select(['id', 'field_id']).where('id', 'in', versions).execute()).map((v) => [v.id, v.field_id]),
    );
    const levelOf = new Map((await ctx.db.selectFrom('agencies').select(['id', 'level']).where('id', 'in', [root.id, child.id]).execute()).map((a) => [a.id, a.level as string]));
    const keyOf = {
      field: (d: (typeof all)[number]) => fieldOf.get(d.versionId)!,
      agency: (d: (typeof all)[number]) => d.agencyId,
      level: (d: (typeof all)[number]) => levelOf.get(d.agencyId)!,
    };
    for (const period of periods) {
      const expected = directNumbers(all, period, now);
      for (const groupBy of ['field', 'agency', 'level'] as const) {
        const report = await ctx.services.reports.handling(actor, { agency: 'RP.ROOT', from: period.from, to: period.to, groupBy }, now);
        assert.deepEqual(report.totals, expected, `${label} ${period.from}..${period.to} by ${groupBy}: totals`);
        const keys = [...new Set(all.map(keyOf[groupBy]))];
        const wanted = new Map(keys.map((k) => [k, directNumbers(all.filter((d) => keyOf[groupBy](d) === k), period, now)] as const).filter(([, n]) => n.received > 0 || n.refused > 0));
        assert.deepEqual(new Map(report.rows.map((r) => [r.key, r.numbers])), wanted, `${label} ${period.from}..${period.to} by ${groupBy}: rows`);
      }
    }
    for (const period of periods) {
      const report = await ctx.services.reports.handling(actor, { agency: 'RP.ROOT', from: period.from, to: period.to, groupBy: 'procedure' }, now);
      const expected = directNumbers(all, period, now);
      assert.deepEqual(report.totals, expected, `${label} ${period.from}..${period.to}: totals`);
      assert.deepEqual(invariantProblems(report.totals), [], `${label}: invariants`);
      for (const cell of CELLS) if (expected[cell] > 0) seen.add(cell);
      for (const cell of CELLS) {
        // The cell's dossier list (its own SQL condition) counts what the aggregates count.
        const direct = (await ctx.services.reports.cellDossiers(actor, { agency: 'RP.ROOT', from: period.from, to: period.to, cell, pageSize: 1 }, now)).total;
        assert.equal(direct, expected[cell], `${label} ${period.from}..${period.to}: SQL cell ${cell}`);
      }
      for (const row of report.rows) {
        const versionId = await ctx.db
          .selectFrom('procedure_versions')
          .select('id')
          .where('procedure_id', '=', row.key)
          .executeTakeFirstOrThrow();
        const mine = all.filter((d) => d.versionId === versionId.id);
        assert.deepEqual(row.numbers, directNumbers(mine, period, now), `${label}: row ${row.code}`);
      }
    }
    // The random histories exercise every cell of the form.
    assert.deepEqual([...seen].sort(), [...CELLS].sort());
  }

  test('after inserts, single-row transitions, multi-row updates and deletes', async () => {
    const rand = seededRandom(20251220);
    const pickTarget = () => {
      const v = Math.floor(rand() * versions.length);
      return { agencyId: v === 2 ? child.id : root.id, versionId: versions[v]! };
    };
    const specs: DossierSpec[] = [];
    for (let i = 0; i < 120; i++) specs.push({ ...pickTarget(), ...randomState(rand) });
    // Open dossiers due on the report day itself, before and after `now` (10:00), and the day before.
    for (const due of ['2025-12-20T08:00:00', '2025-12-20T15:00:00', '2025-12-19T16:00:00', '2025-12-20T00:00:00']) {
      specs.push({ ...pickTarget(), status: 4, channel: 1, receivedAt: vn('2025-12-01T09:00:00'), dueAt: vn(due), currentStep: 1 });
    }
    const ids = await insertDossiers(ctx, applicant, specs);
    await compareAll('inserted');

    // Many single-row transitions moving dossiers between categories (and between agencies and procedures).
    for (let step = 0; step < 300; step++) {
      const id = ids[Math.floor(rand() * ids.length)]!;
      const target = rand() < 0.1 ? pickTarget() : null;
      const state = randomState(rand);
      const values = dossierValues(applicant, { ...(target ?? { agencyId: '', versionId: '' }), ...state });
      const { code: _code, agency_id, procedure_version_id, applicant_id: _a, ...rest } = values;
      await ctx.db
        .updateTable('dossiers')
        .set({ ...rest, code: rest.status === null ? null : `RP-U-${step}-${id.slice(0, 8)}`, ...(target ? { agency_id, procedure_version_id } : {}) })
        .where('id', '=', id)
        .execute();
    }
    await compareAll('after single transitions');

    // One statement changing many rows (a batch correction), an unrelated update, and deletes.
    await sql`UPDATE dossiers SET channel = CASE channel WHEN 2 THEN 1 ELSE 2 END, timeliness = CASE WHEN status IN (9, 10) THEN 'late' ELSE timeliness END
              WHERE code IS NOT NULL AND random() < 0.5`.execute(ctx.db);
    await sql`UPDATE dossiers SET applicant_name = 'Đổi tên' WHERE code IS NOT NULL`.execute(ctx.db);
    await ctx.db.deleteFrom('dossiers').where('id', 'in', ids.slice(0, 15)).execute();
    await compareAll('after batch update and deletes');

    // A catalog edit moving a version (with dossiers) to another field, then another version into a field that
    // already has counts: the field rows follow.
    await ctx.db.updateTable('procedure_versions').set({ field_id: fieldIds[2]! }).where('id', '=', versions[0]!).execute();
    await ctx.db.updateTable('procedure_versions').set({ field_id: fieldIds[1]! }).where('id', '=', versions[2]!).execute();
    await compareAll('after versions changed field');
    // Transitions after the move count in the new field.
    await sql`UPDATE dossiers SET status = 9, finished_at = received_at + interval '3 days', timeliness = 'early'
              WHERE code IS NOT NULL AND status IN (2, 4, 5, 6) AND received_at IS NOT NULL AND random() < 0.5`.execute(ctx.db);
    await compareAll('after transitions in the new fields');

    // No aggregate row went negative.
    const negative = await sql<{ n: number }>`SELECT (SELECT count(*) FROM report_daily WHERE n < 0) + (SELECT count(*) FROM report_monthly WHERE n < 0)
      + (SELECT count(*) FROM report_field_daily WHERE n < 0) + (SELECT count(*) FROM report_field_monthly WHERE n < 0) AS n`.execute(ctx.db);
    assert.equal(Number(negative.rows[0]!.n), 0);
  });

  test('the agency subtree: the child alone sees only its own dossiers', async () => {
    const actor = officer(child.id, 'department_head');
    const period = { from: '2025-01-01', to: '2025-12-31' };
    const report = await ctx.services.reports.handling(actor, { agency: 'RP.CHILD', ...period, groupBy: 'agency' }, now);
    assert.deepEqual(report.totals, directNumbers(await facts(ctx, [child.id]), period, now));
    assert.ok(report.rows.every((r) => r.code === 'RP.CHILD'));
    await assert.rejects(ctx.services.reports.handling(actor, { agency: 'RP.ROOT', ...period }, now), (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN');
  });
});

describe('figures of the source articles', () => {

  test('Trà Vinh 2017: 2,002 dossiers → 65 on time, 1,856 before the deadline, 81 late → 95.95%', async () => {
    const agency = await makeAgency(ctx, 'TV.SVHTTDL', { level: 'provincial_department', name: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Trà Vinh' });
    const field = await makeField(ctx, 'Văn hóa cơ sở');
    const versionIds = [
      (await makeProcedure(ctx, { agencyId: agency.id, fieldId: field.id })).version.id,
      (await makeProcedure(ctx, { agencyId: agency.id, fieldId: field.id })).version.id,
    ];
    const applicant = await makeApplicant(ctx);
    await insertDossiers(ctx, applicant.id, traVinhSpecs(agency.id, versionIds));
    const actor = officer(agency.id, 'agency_leader');
    const report = await ctx.services.reports.handling(actor, { agency: 'TV.SVHTTDL', from: '01/01/2017', to: '31/12/2017', groupBy: 'field' }, vn('2026-01-10T09:00:00'));
    assert.equal(report.totals.received, 2002);
    assert.equal(report.totals.resolved, 2002);
    assert.equal(report.totals.early, 1856);
    assert.equal(report.totals.onTime, 65);
    assert.equal(report.totals.late, 81);
    assert.equal(report.totals.inProgress, 0);
    assert.equal(report.onTimeRate.percent, 95.95);
    assert.equal(report.onTimeRateOfReceived.percent, 95.95);
    const indicators = await ctx.services.reports.indicators(actor, { agency: 'TV.SVHTTDL', from: '2017-01-01', to: '2017-12-31' }, vn('2026-01-10T09:00:00'));
    assert.equal(indicators.onTimeRate.percent, 95.95);
    assert.equal(indicators.onTimeRate.numerator, 1921);
  });

  test('Bộ VHTTDL May–June 2020: 89.16% of online-capable procedures had online dossiers; 56.68% resolved online; 1,248 accounts, 441 new', async () => {
    const ministry = await makeAgency(ctx, 'VH.BO', { level: 'ministry', name: 'Bộ Văn hóa, Thể thao và Du lịch' });
    const bureau = await makeAgency(ctx, 'VH.CUC', { level: 'department', parentId: ministry.id, name: 'Cục Di sản văn hóa' });
    const field = await makeField(ctx, 'Di sản văn hóa');
    // 83 online-capable procedures (level 3–4 or full/partial online), 74 of which receive online dossiers; plus
    // 12 level-2 procedures that are not counted.
    const capable: string[] = [];
    for (let i = 0; i < 83; i++) {
      const agencyId = i % 2 === 0 ? ministry.id : bureau.id;
      const kind = i % 3 === 0 ? { onlineLevel: 3, onlineClass: 'partial' as const } : i % 3 === 1 ? { onlineLevel: 4, onlineClass: 'full' as const } : { onlineLevel: 2, onlineClass: 'partial' as const };
      capable.push((await makeProcedure(ctx, { agencyId, fieldId: field.id, ...kind })).version.id);
    }
    const notCapable: string[] = [];
    for (let i = 0; i < 12; i++) notCapable.push((await makeProcedure(ctx, { agencyId: ministry.id, fieldId: field.id, onlineLevel: 2, onlineClass: 'none' })).version.id);
    const applicant = await makeApplicant(ctx);
    const agencyOf = (index: number) => (index % 2 === 0 ? ministry.id : bureau.id);
    // 14,938 online dossiers over the 74 procedures; 8,467 resolved with an electronic result (56.68%).
    const specs: DossierSpec[] = [];
    for (let i = 0; i < 14938; i++) {
      const p = i % 74;
      const received = new Date(Date.UTC(2020, 4, 1 + (i % 61), 3));
      const resolvedOnline = i < 8467;
      const finished = new Date(received.getTime() + 5 * 86400_000);
      specs.push(
        resolvedOnline
          ? { agencyId: agencyOf(p), versionId: capable[p]!, status: 10, channel: 2, receivedAt: received, dueAt: finished, finishedAt: finished, timeliness: 'on_time', electronicResult: true }
          : i % 3 === 0
            ? { agencyId: agencyOf(p), versionId: capable[p]!, status: 9, channel: 2, receivedAt: received, dueAt: finished, finishedAt: finished, timeliness: 'early', electronicResult: false }
            : { agencyId: agencyOf(p), versionId: capable[p]!, status: 4, channel: 2, receivedAt: received, dueAt: finished },
      );
    }
    // In-person dossiers for the 9 other capable procedures and the level-2 ones (do not make them "with online").
    for (let i = 0; i < 900; i++) {
      const p = 74 + (i % 9);
      specs.push({ agencyId: agencyOf(p), versionId: capable[p]!, status: 4, channel: 1, receivedAt: new Date(Date.UTC(2020, 4, 2, 3)) });
    }
    for (let i = 0; i < 120; i++) specs.push({ agencyId: ministry.id, versionId: notCapable[i % 12]!, status: 4, channel: 1, receivedAt: new Date(Date.UTC(2020, 4, 3, 3)) });
    // An online dossier of a capable procedure received outside the period does not count.
    specs.push({ agencyId: agencyOf(80), versionId: capable[80]!, status: 4, channel: 2, receivedAt: new Date(Date.UTC(2020, 2, 3, 3)) });
    await insertDossiers(ctx, applicant.id, specs);

    // Accounts: 1,248 applicant accounts by the end of June 2020, 441 created in May–June.
    const organisation = await ctx.db.insertInto('organisations').values({ tax_code: '0101234567', name: 'Công ty TNHH Di sản', legal_representative: 'Trần Văn Giám' }).returning('id').executeTakeFirstOrThrow();
    const accounts = [];
    for (let i = 0; i < 1248; i++) {
      const created = i < 441 ? new Date(Date.UTC(2020, 4, 1 + (i % 60), 5)) : new Date(Date.UTC(2019, i % 12, 10));
      accounts.push({ username: `vh.acc.${i}`, kind: (i % 7 === 0 ? 'organisation' : 'citizen') as 'citizen' | 'organisation', password_hash: 'x', full_name: 'Người dùng', created_at: created, organisation_id: i % 7 === 0 ? organisation.id : null });
    }
    await ctx.db.insertInto('accounts').values(accounts).execute();
    await ctx.db.insertInto('accounts').values({ username: 'vh.late', kind: 'citizen', password_hash: 'x', full_name: 'Sau kỳ', created_at: new Date(Date.UTC(2020, 6, 2)) }).execute();

    const actor = officer(ministry.id, 'inspector');
    const indicators = await ctx.services.reports.indicators(actor, { agency: 'VH.BO', from: '01/05/2020', to: '30/06/2020' }, vn('2026-01-01T09:00:00'));
    assert.deepEqual([indicators.onlineCapableWithDossiers.numerator, indicators.onlineCapableWithDossiers.denominator], [74, 83]);
    assert.equal(indicators.onlineCapableWithDossiers.percent, 89.16);
    assert.deepEqual([indicators.onlineResolvedOnline.numerator, indicators.onlineResolvedOnline.denominator], [8467, 14938]);
    assert.equal(indicators.onlineResolvedOnline.percent, 56.68);
    assert.equal(indicators.accounts.total, 1248);
    assert.equal(indicators.accounts.created, 441);
    assert.equal(indicators.accounts.organisations.total, Math.ceil(1248 / 7));
    assert.equal(indicators.accounts.citizens.total, 1248 - Math.ceil(1248 / 7));
    // Online share: 14,938 / (14,938 + 900 + 120), above the 20% target.
    assert.equal(indicators.onlineShare.belowTarget, false);
    assert.equal(indicators.onlineShare.percent, Math.round((14938 / (14938 + 120 + 900)) * 10000) / 100);
  });
});

describe('periods, scope and refusals', () => {

  test('bad periods are refused with all their field errors; unknown agency → NOT_FOUND; no role → FORBIDDEN', async () => {
    const agency = await makeAgency(ctx, 'PS.ONE');
    const other = await makeAgency(ctx, 'PS.TWO');
    const actor = officer(agency.id, 'department_head');
    const failing = async (query: Record<string, string>, code: string) => {
      try {
        await ctx.services.reports.handling(actor, { agency: 'PS.ONE', ...query });
        assert.fail('should have thrown');
      } catch (error) {
        assert.ok(error instanceof DomainError);
        assert.equal(error.code, code);
        return error.fieldErrors;
      }
    };
    assert.deepEqual(await failing({ from: '31/12/2025', to: '01/01/2025' }, 'VALIDATION_FAILED'), [{ path: '/to', code: 'REPORT_PERIOD_REVERSED' }]);
    assert.deepEqual(await failing({ from: '01/01/2010', to: '01/01/2020' }, 'VALIDATION_FAILED'), [{ path: '/to', code: 'REPORT_PERIOD_TOO_LONG' }]);
    assert.deepEqual(await failing({ from: '31/02/2025', to: '' }, 'VALIDATION_FAILED'), [
      { path: '/from', code: 'REPORT_DATE_INVALID' },
      { path: '/to', code: 'required' },
    ]);
    await assert.rejects(ctx.services.reports.handling(actor, { agency: 'NO.SUCH', from: '2025-01-01', to: '2025-01-31' }), (e: unknown) => e instanceof DomainError && e.code === 'NOT_FOUND');
    await assert.rejects(ctx.services.reports.handling(actor, { agency: 'PS.TWO', from: '2025-01-01', to: '2025-01-31' }), (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN');
    await assert.rejects(ctx.services.reports.handling(officer(other.id, 'receptionist'), { agency: 'PS.TWO', from: '2025-01-01', to: '2025-01-31' }), (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN');
    await assert.rejects(ctx.services.reports.handling(null, { agency: 'PS.ONE', from: '2025-01-01', to: '2025-01-31' }), (e: unknown) => e instanceof DomainError && e.code === 'UNAUTHENTICATED');
    // Without an agency: the actor's own.
    const own = await ctx.services.reports.handling(actor, { from: '2025-01-01', to: '2025-01-31' });
    assert.equal(own.agency.code, 'PS.ONE');
  });

  test('overdue in progress: judged at the end of a past period, at `now` for the current one; the drill-down lists the same dossiers', async () => {
    const agency = await makeAgency(ctx, 'OD.ONE');
    const field = await makeField(ctx);
    const { version } = await makeProcedure(ctx, { agencyId: agency.id, fieldId: field.id });
    const applicant = await makeApplicant(ctx);
    const base = { agencyId: agency.id, versionId: version.id, channel: 1 };
    await insertDossiers(ctx, applicant.id, [
      { ...base, status: 4, receivedAt: vn('2025-03-01T09:00:00'), dueAt: vn('2025-03-20T17:00:00'), currentStep: 2 },
      { ...base, status: 4, receivedAt: vn('2025-03-02T09:00:00'), dueAt: vn('2025-04-20T17:00:00'), currentStep: 2 },
      { ...base, status: 5, receivedAt: vn('2025-03-03T09:00:00'), dueAt: vn('2025-12-30T17:00:00'), currentStep: 1 },
      { ...base, status: 9, receivedAt: vn('2025-03-04T09:00:00'), dueAt: vn('2025-03-10T17:00:00'), finishedAt: vn('2025-03-12T10:00:00'), timeliness: 'late' },
    ]);
    const actor = officer(agency.id, 'agency_leader');
    const march = await ctx.services.reports.handling(actor, { agency: 'OD.ONE', from: '2025-03-01', to: '2025-03-31' }, vn('2025-12-01T09:00:00'));
    assert.equal(march.current, false);
    assert.deepEqual([march.totals.inProgress, march.totals.overdue, march.totals.withinDeadline, march.totals.late], [3, 1, 2, 1]);
    const year = await ctx.services.reports.handling(actor, { agency: 'OD.ONE', from: '2025-01-01', to: '2025-12-31' }, vn('2025-12-01T09:00:00'));
    assert.equal(year.current, true);
    assert.deepEqual([year.totals.inProgress, year.totals.overdue, year.totals.withinDeadline], [3, 2, 1]);
    const april = await ctx.services.reports.handling(actor, { agency: 'OD.ONE', from: '2025-04-01', to: '2025-04-30' }, vn('2025-12-01T09:00:00'));
    assert.deepEqual([april.totals.carriedOver, april.totals.received, april.totals.overdue], [3, 3, 2]);

    const list = await ctx.services.reports.cellDossiers(actor, { agency: 'OD.ONE', from: '2025-01-01', to: '2025-12-31', cell: 'overdue', groupBy: 'field', group: year.rows[0]!.key }, vn('2025-12-01T09:00:00'));
    assert.equal(list.total, 2);
    assert.deepEqual(list.items.map((d) => d.status), [4, 4]);
    const dashboard = await ctx.services.reports.dashboard(actor, 'OD.ONE', vn('2025-12-01T09:00:00'));
    assert.deepEqual(dashboard.overdueBySteps, [{ step: 2, n: 2 }]);
    assert.equal(dashboard.trend.length, 12);
    assert.equal(dashboard.trend.find((m) => m.month === '2025-03')?.received, 4);
    assert.deepEqual(dashboard.mostLate.map((p) => [p.late, p.resolved]), [[1, 1]]);
  });
});
