// The floor's reports (issue 20) on seeded tickets and ratings: visits per day and hour, waiting and service times
// per counter and group (average, P90), ratings per officer; who may read them; the period checked; the Excel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { vietnamDate } from '../../src/core/time.ts';
import { floorReportXlsx } from '../../src/modules/floor/floor.reports.ts';
import { evaluateIndicator } from '../../src/modules/scorecards/scorecards.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername } from '../helpers/dossiers.ts';
import { COPYRIGHT } from '../helpers/domain.ts';
import { seedFloor } from '../helpers/floor-board.ts';

const ctx = await createTestContext({ demo: true });
const db = ctx.db;
const floor = await seedFloor(db, COPYRIGHT);
// Tickets of one day at 09:xx Vietnam time: waits 2, 4, 6, …, 20 minutes, services 10 minutes each.
const day = '2026-03-10';
const at = (minute: number) => new Date(Date.parse(`${day}T09:00:00+07:00`) + minute * 60_000);
let n = 1000;
const tickets: string[] = [];
for (let i = 1; i <= 10; i++) {
  const row = await db
    .insertInto('floor_tickets')
    .values({ agency_id: floor.agencyId, group_id: floor.groupId, queue_group_id: floor.groupId, day, number: ++n, code: `ZB${n}`, status: 'done', counter_id: floor.counterId, officer_id: floor.officerId, calls: 1, issued_at: at(0), called_at: at(2 * i), last_called_at: at(2 * i), served_at: at(2 * i), finished_at: at(2 * i + 10) })
    .returning('id')
    .executeTakeFirstOrThrow();
  tickets.push(row.id);
}
await db.insertInto('floor_tickets').values({ agency_id: floor.agencyId, group_id: floor.groupId, queue_group_id: floor.groupId, day, number: ++n, code: `ZB${n}`, status: 'waiting', issued_at: at(50) }).execute();
const grades = ['satisfied', 'satisfied', 'satisfied', 'normal', 'not_satisfied'] as const;
for (const [i, grade] of grades.entries()) {
  await db
    .insertInto('floor_counter_ratings')
    .values({ ticket_id: tickets[i]!, agency_id: floor.agencyId, counter_id: floor.counterId, officer_id: floor.officerId, grade, reasons: grade === 'not_satisfied' ? ['slow', 'attitude'] : grade === 'normal' ? ['slow'] : [], created_at: at(30) })
    .execute();
}

describe('the floor report', () => {
  it('counts visits, times and ratings of the period for a department head', async () => {
    const head = await actorByUsername(ctx, 'demo.truongphong');
    const r = await ctx.services.floorReports.report(head, { from: day, to: day });
    assert.deepEqual(r.visitsByDay, [{ day, tickets: 11, served: 10 }]);
    assert.deepEqual(r.visitsByHour, [{ hour: 9, tickets: 11 }]);
    const counter = r.byCounter.find((l) => l.label.includes('97'));
    assert.ok(counter);
    assert.equal(counter.tickets, 10);
    assert.equal(counter.waitAvgMinutes, 11); // (2 + 4 + … + 20) / 10
    assert.equal(counter.waitP90Minutes, 18.2); // percentile_cont(0.9) of 2…20
    assert.equal(counter.serviceAvgMinutes, 10);
    assert.equal(counter.serviceP90Minutes, 10);
    assert.equal(r.byGroup.find((l) => l.label.includes('ZB'))?.tickets, 10);
    const officer = r.officers.find((o) => o.officerId === floor.officerId);
    assert.deepEqual(officer && { s: officer.satisfied, n: officer.normal, x: officer.notSatisfied, total: officer.total, pct: officer.satisfiedPercent, reasons: officer.reasons }, { s: 3, n: 1, x: 1, total: 5, pct: 60, reasons: { slow: 2, attitude: 1 } });
    // Another period: nothing.
    const empty = await ctx.services.floorReports.report(head, { from: '2026-03-11', to: '2026-03-12' });
    assert.deepEqual([empty.visitsByDay.length, empty.byCounter.length, empty.officers.length], [0, 0, 0]);
    // The Excel: five sheets.
    const bytes = await floorReportXlsx(r, (k) => k);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  });

  it('is refused to a receptionist and a citizen, and checks the period', async () => {
    const reception = await actorByUsername(ctx, 'demo.motcua');
    await assert.rejects(ctx.services.floorReports.report(reception, {}), (e: unknown) => e instanceof DomainError && e.code === 'FORBIDDEN');
    await assert.rejects(ctx.services.floorReports.report(null, {}), (e: unknown) => e instanceof DomainError && e.code === 'UNAUTHENTICATED');
    const leader = await actorByUsername(ctx, 'demo.lanhdao');
    const bad = (q: { from?: string; to?: string }) => assert.rejects(ctx.services.floorReports.report(leader, q), (e: unknown) => e instanceof DomainError && e.code === 'VALIDATION_FAILED');
    await bad({ from: '2026-02-30', to: '2026-03-01' });
    await bad({ from: '2026-03-10', to: '2026-03-01' });
    await bad({ from: '2024-01-01', to: '2026-03-01' });
    const def = await ctx.services.floorReports.report(leader, {});
    assert.equal(def.period.to, vietnamDate(new Date()));
  });
});

describe('the 766 scorecard reads the counter ratings', () => {
  it('gives counter_rated and counter_satisfied for the office and the ministry above it, and a rate of 60%', async () => {
    const from = new Date(`${day}T00:00:00+07:00`);
    const to = new Date(Date.parse(`${day}T00:00:00+07:00`) + 86_400_000);
    const { counts } = await ctx.services.scorecards.rolledCounts(from, to, to, { exact: true });
    const office = counts.get(floor.agencyId)!;
    assert.deepEqual([office.counterRated, office.counterSatisfied], [5, 3]);
    const ministry = await ctx.services.agencies.byCode('000.00.00.G14');
    assert.deepEqual([counts.get(ministry!.id)!.counterRated, counts.get(ministry!.id)!.counterSatisfied], [5, 3]);
    const r = evaluateIndicator({ code: 'satisfaction_counter', groupCode: 'satisfaction', name: 'x', nameEn: 'x', numerator: 'counter_satisfied', denominator: 'counter_rated', complement: false, target: 1, maxPoints: 5, position: 3 }, office);
    assert.equal(r.rate, 0.6);
  });
});
