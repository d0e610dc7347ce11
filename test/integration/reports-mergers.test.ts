// Reports after agency mergers and refusals, against PostgreSQL with real rows (issue 16): the dossiers of an
// agency merged into another (and of one merged into that one before) count in the successor's Biểu 06,
// indicators, dashboard, 766 scorecard and disclosure page, for periods before and after the merger date, once;
// the old code answers with the successor; refusals (before reception) count by their refusal day.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import { insertDossiers, makeAgency, makeApplicant, makeField, makeProcedure, officer, vn, type DossierSpec } from '../helpers/reports-fixtures.ts';
import { directNumbers, invariantProblems, type DossierFacts, type Period } from '../../src/modules/reports/reports.rules.ts';
import { nowPartOf } from '../../src/modules/agencies/agencies.rules.ts';
import { evaluate, monthBounds } from '../../src/modules/scorecards/scorecards.rules.ts';
import type { Actor } from '../../src/core/actor.ts';

const ctx = await createTestContext();
const NOW = vn('2025-12-01T09:00:00');

type Row = DossierFacts & { code: string; agencyId: string };

describe('reports after a merger', () => {
  const id: Record<string, string> = {};
  const dossiers: Record<string, string> = {};
  let admin: Actor;
  let leader: Actor;
  let preMergerMay: unknown;

  async function rows(agencyIds: string[]): Promise<Row[]> {
    const found = await ctx.db
      .selectFrom('dossiers')
      .select(['code', 'agency_id', 'status', 'channel', 'received_at', 'finished_at', 'timeliness', 'due_at', 'electronic_result'])
      .where('agency_id', 'in', agencyIds)
      .execute();
    return found.map((r) => ({
      code: r.code!,
      agencyId: r.agency_id,
      status: r.status,
      channel: r.channel,
      receivedAt: r.received_at,
      finishedAt: r.finished_at,
      timeliness: r.timeliness,
      dueAt: r.due_at,
      electronicResult: r.electronic_result,
    }));
  }

  before(async () => {
    // Province P: districts A and S, commune C below A, ward T (merged into A on 01/03/2025, before A itself was
    // merged into S on 01/07/2025). Another province Q with nothing merged.
    const p = await makeAgency(ctx, 'MG.P', { level: 'province', name: 'Tỉnh Thử' });
    const a = await makeAgency(ctx, 'MG.A', { parentId: p.id, level: 'district', name: 'Huyện Cũ' });
    const s = await makeAgency(ctx, 'MG.S', { parentId: p.id, level: 'district', name: 'Huyện Mới' });
    const c = await makeAgency(ctx, 'MG.C', { parentId: a.id, level: 'commune', name: 'Xã Con' });
    const t = await makeAgency(ctx, 'MG.T', { parentId: p.id, level: 'commune', name: 'Phường Xưa' });
    const q = await makeAgency(ctx, 'MG.Q', { level: 'province', name: 'Tỉnh Khác' });
    Object.assign(id, { P: p.id, A: a.id, S: s.id, C: c.id, T: t.id, Q: q.id });
    const field = await makeField(ctx, 'Đất đai');
    const version = async (agencyId: string) => (await makeProcedure(ctx, { agencyId, fieldId: field.id })).version.id;
    const v = { A: await version(a.id), S: await version(s.id), C: await version(c.id), T: await version(t.id) };
    const applicant = (await makeApplicant(ctx)).id;
    const specs: Array<[string, DossierSpec]> = [
      ['T1', { agencyId: t.id, versionId: v.T, status: 10, channel: 1, receivedAt: vn('2025-02-10T09:00:00'), dueAt: vn('2025-02-25T17:00:00'), finishedAt: vn('2025-02-20T10:00:00'), timeliness: 'early' }],
      ['C1', { agencyId: c.id, versionId: v.C, status: 9, channel: 2, receivedAt: vn('2025-04-01T09:00:00'), dueAt: vn('2025-04-15T17:00:00'), finishedAt: vn('2025-04-15T10:00:00'), timeliness: 'on_time' }],
      ['A1', { agencyId: a.id, versionId: v.A, status: 10, channel: 2, receivedAt: vn('2025-05-05T09:00:00'), dueAt: vn('2025-05-25T17:00:00'), finishedAt: vn('2025-05-20T10:00:00'), timeliness: 'early' }],
      ['A3', { agencyId: a.id, versionId: v.A, status: 3, channel: 2, receivedAt: null, finishedAt: vn('2025-06-10T10:00:00') }],
      ['S1', { agencyId: s.id, versionId: v.S, status: 10, channel: 1, receivedAt: vn('2025-06-02T09:00:00'), dueAt: vn('2025-06-20T17:00:00'), finishedAt: vn('2025-06-25T10:00:00'), timeliness: 'late' }],
      ['A2', { agencyId: a.id, versionId: v.A, status: 4, channel: 1, receivedAt: vn('2025-07-10T09:00:00'), dueAt: vn('2025-12-30T17:00:00'), currentStep: 2 }],
      ['S2', { agencyId: s.id, versionId: v.S, status: 3, channel: 1, receivedAt: null, finishedAt: vn('2025-08-05T10:00:00') }],
    ];
    const ids = await insertDossiers(ctx, applicant, specs.map(([, spec]) => spec));
    specs.forEach(([name], i) => (dossiers[name] = ids[i]!));

    // The administrator of the province, and a leader of S (the successor) only.
    await ctx.services.identity.createAccount(null, {
      username: 'mg.quantri', password: 'Demo@2026', kind: 'staff', fullName: 'Quản trị tỉnh', agencyId: p.id, roles: [{ role: 'admin', agencyId: p.id }],
    });
    admin = (await ctx.services.identity.login({ username: 'mg.quantri', password: 'Demo@2026', ip: '10.0.0.1' })).actor;
    leader = officer(s.id, 'agency_leader');

    // A 766 snapshot of May stored before the mergers: S had no dossier then.
    await ctx.services.scorecards.snapshotMonth('2025-05', NOW);
    preMergerMay = (await ctx.services.scorecards.scorecard('MG.S', '2025-05', NOW)).groups;

    await ctx.services.agencies.merge(admin, 'MG.T', { successorCode: 'MG.A', validTo: '2025-03-01' });
    await ctx.services.agencies.merge(admin, 'MG.A', { successorCode: 'MG.S', validTo: '2025-07-01' });
  });

  test('the agencies now part of the successor: the port (SQL) equals the rule', async () => {
    const all = await ctx.db.selectFrom('agencies').select(['id', 'parent_id', 'successor_id']).execute();
    for (const root of ['S', 'P', 'A', 'Q']) {
      const port = (await ctx.services.agencies.nowPartOf(id[root]!)).sort();
      assert.deepEqual(port, [...nowPartOf(all, [id[root]!])].sort(), root);
    }
    assert.deepEqual((await ctx.services.agencies.nowPartOf(id.S!)).sort(), [id.A, id.C, id.S, id.T].sort());
  });

  test("Biểu 06 of the successor counts the merged agencies' dossiers before and after the merger, once", async () => {
    const all = await rows([id.A!, id.S!, id.C!, id.T!]);
    const cases: Array<[string, Period, Partial<Record<string, number>>]> = [
      ['the year', { from: '2025-01-01', to: '2025-12-31' }, { received: 5, resolved: 4, early: 2, onTime: 1, late: 1, inProgress: 1, refused: 2 }],
      ['before the merger', { from: '2025-01-01', to: '2025-06-30' }, { received: 4, resolved: 4, inProgress: 0, refused: 1 }],
      ['after the merger', { from: '2025-07-01', to: '2025-12-31' }, { received: 1, carriedOver: 0, resolved: 0, inProgress: 1, refused: 1 }],
      ['February (the chain: T merged into A merged into S)', { from: '2025-02-01', to: '2025-02-28' }, { received: 1, early: 1 }],
    ];
    for (const [name, period, expected] of cases) {
      const report = await ctx.services.reports.handling(leader, { agency: 'MG.S', from: period.from, to: period.to, groupBy: 'agency' }, NOW);
      assert.equal(report.agency.code, 'MG.S');
      assert.equal(report.redirect, null);
      assert.deepEqual(report.totals, directNumbers(all, period, NOW), name);
      for (const [cell, n] of Object.entries(expected)) assert.equal(report.totals[cell as keyof typeof report.totals], n, `${name}: ${cell}`);
      assert.deepEqual(invariantProblems(report.totals), [], name);
      // Rows by agency: each dossier in the row of the agency that answers for it today, the rows adding up to the totals.
      const sum = report.rows.reduce((s, r) => s + r.numbers.received + r.numbers.refused, 0);
      assert.equal(sum, report.totals.received + report.totals.refused, `${name}: rows`);
      // The same by field, procedure and level.
      for (const groupBy of ['field', 'procedure', 'level'] as const) {
        const other = await ctx.services.reports.handling(leader, { agency: 'MG.S', from: period.from, to: period.to, groupBy }, NOW);
        assert.deepEqual(other.totals, report.totals, `${name} by ${groupBy}`);
      }
    }
    // The province counts every dossier once (the merged agencies are not counted under P and again under S).
    const province = await ctx.services.reports.handling(officer(id.P!, 'inspector'), { agency: 'MG.P', from: '2025-01-01', to: '2025-12-31' }, NOW);
    assert.equal(province.totals.received, 5);
    assert.equal(province.totals.refused, 2);
  });

  test("the old code reports on the successor (and says so); the successor's leader may read it, not the other province's", async () => {
    for (const old of ['MG.A', 'MG.T', 'mg.a']) {
      const report = await ctx.services.reports.handling(leader, { agency: old, from: '2025-01-01', to: '2025-12-31' }, NOW);
      assert.equal(report.agency.code, 'MG.S');
      assert.deepEqual(report.redirect, {
        code: old.toUpperCase(),
        name: old.toUpperCase() === 'MG.A' ? 'Huyện Cũ' : 'Phường Xưa',
        reason: 'merged',
        since: old.toUpperCase() === 'MG.A' ? '2025-07-01' : '2025-03-01',
        successorCode: 'MG.S',
        successorName: 'Huyện Mới',
      });
      assert.equal(report.totals.received, 5);
    }
    await assert.rejects(ctx.services.reports.handling(officer(id.Q!, 'agency_leader'), { agency: 'MG.A', from: '2025-01-01', to: '2025-12-31' }, NOW), /FORBIDDEN/);
  });

  test('a former code (agency_history) answers for the agency that holds it now', async () => {
    await ctx.db.insertInto('agency_history').values({ agency_id: id.Q!, code: 'MG.Q', name: 'Tỉnh Khác' }).execute();
    await ctx.db.updateTable('agencies').set({ code: 'MG.Q2' }).where('id', '=', id.Q!).execute();
    const found = await ctx.services.agencies.current('MG.Q');
    assert.equal(found?.agency.code, 'MG.Q2');
    assert.equal(found?.redirect?.reason, 'code_changed');
    const report = await ctx.services.reports.handling(officer(id.Q!, 'inspector'), { agency: 'MG.Q', from: '2025-01-01', to: '2025-12-31' }, NOW);
    assert.equal(report.agency.code, 'MG.Q2');
    assert.equal(report.redirect?.code, 'MG.Q');
    assert.equal(await ctx.services.agencies.current('MG.NONE'), undefined);
  });

  test('the indicators and the dashboard of the successor include the merged dossiers', async () => {
    const indicators = await ctx.services.reports.indicators(leader, { agency: 'MG.S', from: '2025-01-01', to: '2025-12-31' }, NOW);
    const report = await ctx.services.reports.handling(leader, { agency: 'MG.S', from: '2025-01-01', to: '2025-12-31' }, NOW);
    assert.deepEqual(indicators.numbers, report.totals);
    assert.equal(indicators.onTimeRate.denominator, 4);
    assert.equal(indicators.onlineShare.numerator, 2); // C1 and A1 online
    const dashboard = await ctx.services.reports.dashboard(leader, 'MG.S', NOW);
    assert.equal(dashboard.trend.reduce((s, m) => s + m.received, 0), 5);
    assert.deepEqual(
      dashboard.trend.filter((m) => m.received > 0).map((m) => [m.month, m.received]),
      [['2025-02', 1], ['2025-04', 1], ['2025-05', 1], ['2025-06', 1], ['2025-07', 1]],
    );
    // By agency: the merged agencies (A, and T merged into A) in their successor's row, not apart.
    assert.deepEqual(dashboard.byAgency.map((a) => [a.code, a.numbers.received]).sort(), [['MG.C', 1], ['MG.S', 4]]);
    assert.deepEqual(dashboard.overdueBySteps, []);
    const old = await ctx.services.reports.dashboard(leader, 'MG.A', NOW);
    assert.equal(old.agency.code, 'MG.S');
    assert.equal(old.redirect?.code, 'MG.A');
  });

  test("rows by agency: a merged agency's dossiers are in its successor's row (the chain T → A → S), before and after the merger", async () => {
    const all = await rows([id.A!, id.S!, id.C!, id.T!]);
    for (const period of [{ from: '2025-01-01', to: '2025-12-31' }, { from: '2025-01-01', to: '2025-06-30' }, { from: '2025-07-01', to: '2025-12-31' }]) {
      for (const reader of [leader, officer(id.P!, 'inspector')]) {
        const agency = reader === leader ? 'MG.S' : 'MG.P';
        const report = await ctx.services.reports.handling(reader, { agency, ...period, groupBy: 'agency' }, NOW);
        const codes = report.rows.map((r) => r.code);
        assert.ok(!codes.includes('MG.A') && !codes.includes('MG.T'), `${agency} ${period.from}: no row of a merged agency (${codes.join(', ')})`);
        const sRow = report.rows.find((r) => r.code === 'MG.S');
        const own = all.filter((d) => d.agencyId !== id.C);
        assert.deepEqual(sRow?.numbers, directNumbers(own, period, NOW), `${agency} ${period.from}: S's row = S, A and T's dossiers`);
        assert.equal(sRow?.label, 'Huyện Mới');
        // The row's drill-down lists the same dossiers, with their own agency's name.
        const drill = await ctx.services.reports.cellDossiers(reader, { agency, ...period, cell: 'received', groupBy: 'agency', group: sRow!.key }, NOW);
        assert.equal(drill.total, sRow!.numbers.received);
        if (period.from === '2025-01-01' && period.to === '2025-12-31') {
          assert.deepEqual(drill.items.map((d) => d.agencyName).sort(), ['Huyện Cũ', 'Huyện Cũ', 'Huyện Mới', 'Phường Xưa']);
        }
      }
    }
    // By level: the merged ward (commune level) counts at its successor's level.
    const byLevel = await ctx.services.reports.handling(leader, { agency: 'MG.S', from: '2025-01-01', to: '2025-12-31', groupBy: 'level' }, NOW);
    assert.deepEqual(byLevel.rows.map((r) => [r.key, r.numbers.received]).sort(), [['commune', 1], ['district', 4]]);
  });

  test('the default agency of a report is an active one, never a merged agency the reader still holds a grant on', async () => {
    const both: Actor = { ...leader, roles: [{ role: 'inspector', agencyId: id.A! }, { role: 'inspector', agencyId: id.S! }] };
    const report = await ctx.services.reports.handling(both, { from: '2025-01-01', to: '2025-12-31' }, NOW);
    assert.equal(report.agency.code, 'MG.S');
    assert.equal((await ctx.services.reports.dashboard(both, undefined, NOW)).agency.code, 'MG.S');
    assert.deepEqual((await ctx.services.reports.agencyOptions(both)).map((o) => o.code), ['MG.S', 'MG.C']);
    const province = await ctx.services.reports.handling(officer(id.P!, 'inspector'), { from: '2025-01-01', to: '2025-12-31' }, NOW);
    assert.equal(province.agency.code, 'MG.P');
  });

  test('the refused column lists the refusals by their refusal day (drill-down), with no received date', async () => {
    const june = await ctx.services.reports.cellDossiers(leader, { agency: 'MG.S', from: '2025-06-01', to: '2025-06-30', cell: 'refused' }, NOW);
    assert.deepEqual(june.items.map((d) => [d.id, d.receivedAt]), [[dossiers.A3, null]]);
    const year = await ctx.services.reports.cellDossiers(leader, { agency: 'MG.S', from: '2025-01-01', to: '2025-12-31', cell: 'refused' }, NOW);
    assert.deepEqual(year.items.map((d) => d.id), [dossiers.A3, dossiers.S2]);
    const received = await ctx.services.reports.cellDossiers(leader, { agency: 'MG.S', from: '2025-01-01', to: '2025-12-31', cell: 'received' }, NOW);
    assert.equal(received.total, 5);
    assert.ok(!received.items.some((d) => d.id === dossiers.A3 || d.id === dossiers.S2));
  });

  test('the 766 scorecard of the successor counts the merged agencies, and a month stored before the merger is recomputed', async () => {
    const config = await ctx.services.scorecards.config();
    for (const month of ['2025-02', '2025-05', '2025-07']) {
      const { from, to } = monthBounds(month);
      const rolled = await ctx.services.scorecards.rolledCounts(from, to, NOW);
      const s = rolled.counts.get(id.S!)!;
      const p = rolled.counts.get(id.P!)!;
      assert.equal(s.received, 1, `${month}: S received`);
      assert.equal(p.received, 1, `${month}: P received once`);
      const card = await ctx.services.scorecards.scorecard('MG.S', month, NOW);
      assert.deepEqual(card.groups, evaluate(config, s, 'vi').groups, `${month}: the card from the rolled-up counts`);
    }
    const may = await ctx.services.scorecards.scorecard('MG.S', '2025-05', NOW);
    assert.notDeepEqual(may.groups, preMergerMay, 'the May snapshot of before the merger was recomputed');
    const old = await ctx.services.scorecards.scorecard('MG.A', '2025-05', NOW);
    assert.equal(old.agency.code, 'MG.S');
    assert.deepEqual(old.redirectedFrom, { code: 'MG.A', name: 'Huyện Cũ', reason: 'merged', since: '2025-07-01' });
  });

  test("the disclosure page of the successor lists the merged agency's dossiers", async () => {
    const page = await ctx.services.disclosure.agency('MG.S', NOW, 1, 1);
    assert.equal(page.inProgress.total, 1);
    const a2 = await ctx.db.selectFrom('dossiers').select('code').where('id', '=', dossiers.A2!).executeTakeFirstOrThrow();
    assert.equal(page.inProgress.rows[0]!.code, a2.code);
  });
});

describe('refusals in the daily aggregate, through the triggers', () => {
  test('a dossier refused before reception adds metric 6 on its refusal day; undone on delete', async () => {
    const agency = await makeAgency(ctx, 'RF.ONE');
    const field = await makeField(ctx);
    const { version } = await makeProcedure(ctx, { agencyId: agency.id, fieldId: field.id });
    const applicant = await makeApplicant(ctx);
    const [dossier] = await insertDossiers(ctx, applicant.id, [{ agencyId: agency.id, versionId: version.id, status: 1, channel: 2 }]);
    const events = async () =>
      (
        await sql<{ day: string; metric: number; n: number }>`
          SELECT to_char(day, 'YYYY-MM-DD') AS day, metric, n FROM report_daily WHERE agency_id = ${agency.id} AND n <> 0 ORDER BY day, metric`.execute(ctx.db)
      ).rows;
    assert.deepEqual(await events(), []);
    // The receptionist refuses it at 23:30 on 14/03 UTC = 06:30 on 15/03 in Vietnam.
    await ctx.db.updateTable('dossiers').set({ status: 3, finished_at: new Date('2025-03-14T23:30:00Z') }).where('id', '=', dossier!).execute();
    assert.deepEqual(await events(), [{ day: '2025-03-15', metric: 6, n: 1 }]);
    const actor = officer(agency.id, 'agency_leader');
    const march = await ctx.services.reports.handling(actor, { agency: 'RF.ONE', from: '2025-03-01', to: '2025-03-31' }, NOW);
    assert.deepEqual([march.totals.refused, march.totals.received, march.rows.length], [1, 0, 1]);
    const before = await ctx.services.reports.handling(actor, { agency: 'RF.ONE', from: '2025-03-16', to: '2025-03-31' }, NOW);
    assert.deepEqual([before.totals.refused, before.totals.received, before.totals.carriedOver], [0, 0, 0]);
    await ctx.db.deleteFrom('dossiers').where('id', '=', dossier!).execute();
    assert.deepEqual(await events(), []);
  });
});
