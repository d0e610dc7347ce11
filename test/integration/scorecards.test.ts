import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { snapshotPreviousMonth } from '../../src/modules/scorecards/scorecards.service.ts';
import { createTestContext } from '../helpers/db.ts';
import { buildDataSet, insertAgency, insertDossier, NOW } from '../helpers/scorecards-data.ts';
import { SEEDED } from '../helpers/scorecards-config.ts';

describe('Decision 766 scorecard', async () => {
  const ctx = await createTestContext();
  const scorecards = ctx.services.scorecards;
  const data = await buildDataSet(ctx);

  it('the seeded configuration is the one of the domain guide (six groups, 100 points)', async () => {
    const config = await scorecards.config();
    assert.deepEqual(
      config.groups.map((g) => [g.code, g.maxPoints]),
      [['publicity', 18], ['progress', 20], ['online', 12], ['payment', 10], ['digitisation', 22], ['satisfaction', 18]],
    );
    const strip = (c: typeof config) => c.indicators.map((i) => [i.code, i.groupCode, i.numerator, i.denominator, i.complement, i.target, i.maxPoints]).sort();
    assert.deepEqual(strip(config), strip(SEEDED));
  });

  it('computes the points of each group from the dossiers of the month', async () => {
    const card = await scorecards.scorecard(data.codes.A, '2026-05', NOW);
    assert.equal(card.month, '2026-05');
    assert.equal(card.agency.code, data.codes.A);
    const points = Object.fromEntries(card.groups.map((g) => [g.code, [g.points, g.maxPoints]]));
    assert.deepEqual(points, {
      publicity: [0, 0], // no data source: left out
      progress: [16, 20], // (6 in time + 2 within) / (8 resolved + 2 in progress) = 80%
      online: [9, 12], // provision 4/10 of target 80% → 3; online dossiers 5/10 ≥ 50% → 6
      payment: [2.5, 10], // 1 of 4 paid online
      digitisation: [22, 22], // 8/8 ≥ 80%
      // 2 late of 10 → 80% not overdue → 7.2 of 9; no dossier with a complaint (feedback module) → 9 of 9
      satisfaction: [16.2, 18],
    });
    assert.equal(card.points, 65.7);
    assert.equal(card.maxPoints, 82);
    assert.equal(card.fullMaxPoints, 100);
    const publicity = card.groups.find((g) => g.code === 'publicity')!;
    assert.ok(publicity.indicators.every((i) => i.noData && i.noDataReason === 'no_source'));
    const progress = card.groups.find((g) => g.code === 'progress')!.indicators[0]!;
    assert.deepEqual([progress.numerator, progress.denominator, progress.rate], [8, 10, 0.8]);
  });

  it('a bureau without fee dossiers has "no data" for online payment, not zero', async () => {
    const card = await scorecards.scorecard(data.codes.B, '2026-05', NOW);
    const payment = card.groups.find((g) => g.code === 'payment')!;
    assert.equal(payment.noData, true);
    assert.equal(payment.indicators[0]!.noDataReason, 'no_denominator');
    assert.equal(card.points, 38);
    assert.equal(card.maxPoints, 72);
  });

  it('an agency counts its whole subtree', async () => {
    const card = await scorecards.scorecard(data.codes.R, '2026-05', NOW);
    const progress = card.groups.find((g) => g.code === 'progress')!.indicators[0]!;
    // A 8 + 2, B 2, C 2, R 1 resolved in May (early): (6 + 2 + 2 + 1 in time + 2 within) / (13 + 2).
    assert.deepEqual([progress.numerator, progress.denominator], [13, 15]);
    assert.equal(progress.points, 17.33);
  });

  it('ranks the bureaus of the same level high to low, ties sharing a rank', async () => {
    const ranking = await scorecards.ranking('2026-05', 'department', NOW);
    const mine = ranking.rows.filter((r) => [data.codes.A, data.codes.B, data.codes.C].includes(r.agency.code));
    assert.deepEqual(
      mine.map((r) => [r.agency.code, r.index]),
      [[data.codes.A, 80.12], [data.codes.B, 52.78], [data.codes.C, 52.78]],
    );
    const rankOf = (code: string) => ranking.rows.find((r) => r.agency.code === code)!.rank;
    assert.equal(rankOf(data.codes.B), rankOf(data.codes.C));
    assert.ok(rankOf(data.codes.A) < rankOf(data.codes.B));
    assert.ok(ranking.rows.every((r) => r.agency.level === 'department'));
    assert.ok(!ranking.rows.some((r) => r.agency.code === data.codes.R));
  });

  it('stores a snapshot for a past month, taking "in progress" at the end of that month', async () => {
    const history = await scorecards.history(data.codes.R, '2026-05', 2, NOW);
    assert.deepEqual(history.map((h) => h.month), ['2026-04', '2026-05']);
    const stored = await ctx.db.selectFrom('scorecard_snapshots').select(['agency_id', 'month', 'points', 'result']).where('month', '=', '2026-04-01').execute();
    const forR = stored.find((s) => s.agency_id === data.ids.R);
    assert.ok(forR, 'snapshot of April stored');
    const april = forR.result as unknown as { groups: Array<{ code: string; indicators: Array<{ numerator: number; denominator: number; points: number }> }> };
    const progress = april.groups.find((g) => g.code === 'progress')!.indicators[0]!;
    // A's April dossier resolved late; R's dossier received 25/04 still in progress (within) at the end of April.
    assert.deepEqual([progress.numerator, progress.denominator, progress.points], [1, 2, 10]);
    assert.ok(stored.length >= 4, 'every agency has its April snapshot');
    // The current month is not stored: computed live.
    const may = await ctx.db.selectFrom('scorecard_snapshots').select('agency_id').where('month', '=', '2026-05-01').execute();
    assert.equal(may.length, 0);
  });

  it('the month-end job freezes the month that just ended', async () => {
    const written = await snapshotPreviousMonth(scorecards, new Date('2026-06-01T00:20:00+07:00'));
    assert.ok(written >= 4);
    const row = await ctx.db.selectFrom('scorecard_snapshots').select(['points', 'max_points']).where('agency_id', '=', data.ids.A).where('month', '=', '2026-05-01').executeTakeFirstOrThrow();
    assert.equal(Number(row.points), 65.7);
    assert.equal(Number(row.max_points), 82);
    assert.equal(await snapshotPreviousMonth(scorecards, new Date('2026-06-02T00:20:00+07:00')), 0, 'idempotent');
  });

  it('refuses months in the future and malformed months', async () => {
    await assert.rejects(scorecards.scorecard(data.codes.A, '2026-06', NOW), (e: DomainError) => e.fieldErrors[0]?.code === 'SCORECARD_MONTH_FUTURE');
    await assert.rejects(scorecards.scorecard(data.codes.A, '2026-13', NOW), (e: DomainError) => e.fieldErrors[0]?.code === 'SCORECARD_MONTH_INVALID');
    await assert.rejects(scorecards.scorecard('KHONG.CO', '2026-05', NOW), (e: DomainError) => e.code === 'SCORECARD_AGENCY_UNKNOWN');
  });

  it('an administrator edits weights and targets: validated as a whole, audited, applied to the current month only', async () => {
    const config = await scorecards.config();
    const input = {
      groups: config.groups.map((g) => ({ code: g.code, maxPoints: g.maxPoints })),
      indicators: config.indicators.map((i) => ({ code: i.code, numerator: i.numerator, denominator: i.denominator, complement: i.complement, target: i.target, maxPoints: i.maxPoints })),
    };
    // Invalid: the online group no longer adds up; a target above 100%; all reported at once, nothing saved.
    const bad = structuredClone(input);
    bad.indicators.find((i) => i.code === 'online_provision')!.maxPoints = 7;
    bad.indicators.find((i) => i.code === 'online_dossiers')!.target = 1.5;
    await assert.rejects(scorecards.updateConfig(data.admin, bad), (e: DomainError) => {
      assert.equal(e.code, 'VALIDATION_FAILED');
      assert.deepEqual(e.fieldErrors.map((f) => f.code).sort(), ['SCORECARD_GROUP_SUM', 'SCORECARD_TARGET_RANGE']);
      return true;
    });
    // Not an administrator of a root agency.
    const bureauAdmin = { ...data.admin, roles: [{ role: 'admin' as const, agencyId: data.ids.A }] };
    await assert.rejects(scorecards.updateConfig(bureauAdmin, input), (e: DomainError) => e.code === 'FORBIDDEN');
    await assert.rejects(scorecards.updateConfig(null, input), (e: DomainError) => e.code === 'UNAUTHENTICATED');

    const aprilBefore = await scorecards.scorecard(data.codes.R, '2026-04', NOW);
    // Valid: the online dossiers target goes down to 40%, points move from provision to online dossiers.
    const good = structuredClone(input);
    good.indicators.find((i) => i.code === 'online_provision')!.maxPoints = 4;
    Object.assign(good.indicators.find((i) => i.code === 'online_dossiers')!, { maxPoints: 8, target: 0.4 });
    await scorecards.updateConfig(data.admin, good);
    const after = await scorecards.config();
    assert.equal(after.indicators.find((i) => i.code === 'online_dossiers')!.target, 0.4);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'scorecard.config.update').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_id, data.admin.id);
    assert.match(JSON.stringify(audit[0]!.summary), /online_dossiers/);

    // May (current month): online = 4 × 40% / 80% = 2 + 8 = 10.
    const may = await scorecards.scorecard(data.codes.A, '2026-05', NOW);
    assert.equal(may.groups.find((g) => g.code === 'online')!.points, 10);
    // April (stored) keeps its figures.
    const aprilAfter = await scorecards.scorecard(data.codes.R, '2026-04', NOW);
    assert.deepEqual(aprilAfter, aprilBefore);
  });

  it('a dossier from the national portal (channel 4) counts as received online, like channel 2', async () => {
    // An agency of its own (no effect on the figures above): one dossier of each channel received in May.
    const code = `N${data.prefix}.G98`;
    const agencyId = await insertAgency(ctx, code, `Bộ Cổng quốc gia ${data.prefix}`, 'ministry', null);
    const { id: versionId } = await ctx.db.selectFrom('procedure_versions').select('id').where('agency_id', '=', data.ids.A).limit(1).executeTakeFirstOrThrow();
    for (const channel of [1, 2, 3, 4] as const) {
      await insertDossier(ctx, data.applicantId, { agencyId, versionId, channel, status: 4, received: '2026-05-11T09:00:00', due: '2026-06-10T17:00:00' });
    }
    const card = await scorecards.scorecard(code, '2026-05', NOW);
    const online = card.groups.find((g) => g.code === 'online')!.indicators.find((i) => i.code === 'online_dossiers')!;
    assert.deepEqual([online.numerator, online.denominator], [2, 4], 'channels 2 and 4 of the four');
  });
});
