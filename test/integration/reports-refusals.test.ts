// Refusals in Biểu 06 through the real use cases (issue 16): a citizen submits online, the receptionist refuses
// before reception (form 03); the leader's report counts it in "refused" on the day of the refusal — never as
// received — and its drill-down lists it. Before the fix the column was always 0 (no received date).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';
import { invariantProblems } from '../../src/modules/reports/reports.rules.ts';

const ctx = await createTestContext({ demo: true });
const SUBMITTED = new Date('2026-11-17T09:00:00Z'); // 16:00 on 17/11 in Vietnam
const REFUSED = new Date('2026-11-17T18:30:00Z'); // 01:30 on 18/11 in Vietnam: the refusal's day is 18/11
const NOW = new Date('2026-12-01T03:00:00Z');

describe('a refusal before reception in Biểu 06', () => {
  it('counts in the refused column on the refusal day, not as received, with the balance kept', async () => {
    const [reception, leader] = await Promise.all([actorByUsername(ctx, 'demo.motcua'), actorByUsername(ctx, 'demo.lanhdao')]);
    const citizen = await newCitizen(ctx);
    const { id, agencyId } = await submittedDossier(ctx, citizen, { now: SUBMITTED });
    const agency = (await ctx.services.agencies.byId(agencyId))!;
    const report = (from: string, to: string) => ctx.services.reports.handling(leader, { agency: agency.code, from, to }, NOW);
    const before = await report('2026-11-18', '2026-11-18');

    const refused = await ctx.services.handling.act(reception, id, 'refuse', { reasons: ['Hồ sơ không thuộc thẩm quyền giải quyết'] }, REFUSED);
    assert.equal(refused.status, 3);
    const row = await ctx.db.selectFrom('dossiers').select(['received_at', 'finished_at']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.received_at, null);
    assert.equal(row.finished_at?.toISOString(), REFUSED.toISOString());

    const day = await report('2026-11-18', '2026-11-18');
    assert.equal(day.totals.refused - before.totals.refused, 1);
    assert.equal(day.totals.received, before.totals.received);
    assert.deepEqual(invariantProblems(day.totals), []);
    // The day before (the submission's, in Vietnam) has no refusal of it.
    const previous = await report('2026-11-17', '2026-11-17');
    const list = await ctx.services.reports.cellDossiers(leader, { agency: agency.code, from: '2026-11-17', to: '2026-11-17', cell: 'refused', pageSize: 100 }, NOW);
    assert.ok(!list.items.some((d) => d.id === id));
    assert.equal(previous.totals.refused, list.total);
    const drill = await ctx.services.reports.cellDossiers(leader, { agency: agency.code, from: '2026-11-18', to: '2026-11-18', cell: 'refused', pageSize: 100 }, NOW);
    const item = drill.items.find((d) => d.id === id);
    assert.ok(item, 'the refused dossier is listed in its column');
    assert.equal(item.receivedAt, null);
    assert.equal(item.status, 3);
  });
});
