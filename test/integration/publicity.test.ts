// The Decision 766 publicity indicators computed from the catalog sync's records (catalog_publicity) and the
// dossier sync's messages (national_portal_messages), per agency and month, on the scorecard data set (ministry R,
// bureaus A, B, C; now = 20/05/2026):
//  A: 10 procedures recorded. Required by the end of May: 9 (6 due 01/04 — 5 published there 15/03, 1 only on
//     10/05 —, 2 due 25/05 published 01/05, 1 due 01/04 not on the portal); 1 due 05/06 (not yet required).
//     Messages of May about 4 of them: one procedure all sent, one with a failed message, one with a pending one,
//     one sent only in June (its message of May is not synchronised within May).
//     April: 1 message created 30/04, sent 02/05 (not delivered within April).
//  B: never covered by a catalog sync → "no data" for all three, not zero.
//  C: 1 procedure recorded (published on time), no message in May → catalog on time, progress "no data".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IndicatorResult } from '../../src/modules/scorecards/scorecards.rules.ts';
import { createTestContext } from '../helpers/db.ts';
import { buildDataSet, NOW } from '../helpers/scorecards-data.ts';

const vn = (s: string) => new Date(`${s}+07:00`);

describe('Decision 766 publicity indicators from the national portal sync records', async () => {
  const ctx = await createTestContext();
  const scorecards = ctx.services.scorecards;
  const data = await buildDataSet(ctx);

  const proceduresOf = async (agencyId: string) =>
    (
      await ctx.db
        .selectFrom('procedure_versions as v')
        .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
        .select(['p.id', 'p.code'])
        .where('v.agency_id', '=', agencyId)
        .orderBy('p.code')
        .execute()
    ).map((r) => ({ id: r.id, code: r.code }));
  const a = await proceduresOf(data.ids.A);
  const c = await proceduresOf(data.ids.C);
  assert.equal(a.length, 10);

  const record = (p: { id: string; code: string }, agencyId: string, requiredOn: string, status: 'published' | 'absent', publishedAt: string | null) =>
    ctx.db
      .insertInto('catalog_publicity')
      .values({
        procedure_id: p.id,
        national_code: p.code,
        agency_id: agencyId,
        portal_status: status,
        first_seen_published_at: publishedAt ? vn('2026-05-20T01:10:00') : null,
        portal_published_at: publishedAt ? vn(publishedAt) : null,
        required_on: requiredOn,
        last_synced_at: vn('2026-05-20T01:10:00'),
      })
      .execute();
  for (const p of a.slice(0, 5)) await record(p, data.ids.A, '2026-04-01', 'published', '2026-03-15T08:00:00');
  await record(a[5]!, data.ids.A, '2026-04-01', 'published', '2026-05-10T08:00:00');
  await record(a[6]!, data.ids.A, '2026-05-25', 'published', '2026-05-01T08:00:00');
  await record(a[7]!, data.ids.A, '2026-05-25', 'published', '2026-05-01T08:00:00');
  await record(a[8]!, data.ids.A, '2026-04-01', 'absent', null);
  await record(a[9]!, data.ids.A, '2026-06-05', 'published', '2026-05-01T08:00:00');
  await record(c[0]!, data.ids.C, '2026-04-01', 'published', '2026-03-15T08:00:00');

  // Messages: any dossier of A will do (the indicator reads the procedure of the message).
  const dossier = (await ctx.db.selectFrom('dossiers').select('id').where('agency_id', '=', data.ids.A).executeTakeFirstOrThrow()).id;
  let sequence = 0;
  const message = (p: { id: string }, state: 'pending' | 'sent' | 'failed', created: string, sent: string | null) =>
    ctx.db
      .insertInto('national_portal_messages')
      .values({ dossier_id: dossier, procedure_id: p.id, kind: 'status', sequence: ++sequence, payload: '{}', state, created_at: vn(created), sent_at: sent ? vn(sent) : null })
      .execute();
  await message(a[0]!, 'sent', '2026-05-02T09:00:00', '2026-05-02T09:00:05');
  await message(a[0]!, 'sent', '2026-05-03T09:00:00', '2026-05-03T09:01:00');
  await message(a[1]!, 'failed', '2026-05-04T09:00:00', null);
  await message(a[2]!, 'pending', '2026-05-19T09:00:00', null);
  await message(a[3]!, 'sent', '2026-05-31T23:00:00', '2026-06-01T08:00:00');
  await message(a[4]!, 'sent', '2026-04-30T16:00:00', '2026-05-02T08:00:00');

  const indicators = async (agency: string, month: string) => {
    const card = await scorecards.scorecard(agency, month, NOW);
    const group = card.groups.find((g) => g.code === 'publicity')!;
    return { group, byCode: Object.fromEntries(group.indicators.map((i) => [i.code, i])) as Record<string, IndicatorResult> };
  };
  const figures = (i: IndicatorResult) => [i.numerator, i.denominator, i.points, i.noDataReason];

  it('A in May: published on time 7 of 9 required, progress synchronised for 6 of 9', async () => {
    const { group, byCode } = await indicators(data.codes.A, '2026-05');
    assert.deepEqual(figures(byCode.publicity_catalog!), [7, 9, 7, null]);
    // a[1] failed, a[2] pending, a[3] sent only after May: 9 − 3.
    assert.deepEqual(figures(byCode.publicity_progress!), [6, 9, 6, null]);
    assert.deepEqual([group.points, group.maxPoints, group.noData], [13, 18, false]);
  });

  it('A in April: what was required and published by the end of April; a message of April sent in May is not synchronised', async () => {
    const { byCode } = await indicators(data.codes.A, '2026-04');
    // Required by 30/04: the six due 01/04 and the absent one; on time: the five published 15/03.
    assert.deepEqual(figures(byCode.publicity_catalog!).slice(0, 2), [5, 7]);
    assert.deepEqual(figures(byCode.publicity_progress!).slice(0, 2), [6, 7]);
  });

  it('B, never covered by a catalog sync: "no data" (not zero) for every publicity indicator', async () => {
    const { group } = await indicators(data.codes.B, '2026-05');
    assert.equal(group.noData, true);
    assert.ok(group.indicators.every((i) => i.noData && i.noDataReason === 'no_source'));
    assert.deepEqual([group.points, group.maxPoints], [0, 0]);
  });

  it('C, without messages to the portal in May: the catalog counts, the progress is "no data"', async () => {
    const { byCode, group } = await indicators(data.codes.C, '2026-05');
    assert.deepEqual(figures(byCode.publicity_catalog!), [1, 1, 9, null]);
    assert.equal(byCode.publicity_progress!.noData, true);
    assert.equal(byCode.publicity_progress!.noDataReason, 'no_source');
    assert.deepEqual([group.points, group.maxPoints], [9, 9]);
  });

  it('the ministry sums its bureaus', async () => {
    const { byCode } = await indicators(data.codes.R, '2026-05');
    assert.deepEqual(figures(byCode.publicity_catalog!).slice(0, 2), [8, 10]);
    assert.deepEqual(figures(byCode.publicity_progress!).slice(0, 2), [7, 10]);
  });

  it('a month before anything was required: denominator 0 is "no data" too', async () => {
    const { byCode } = await indicators(data.codes.C, '2026-03');
    assert.equal(byCode.publicity_catalog!.noData, true);
    assert.equal(byCode.publicity_catalog!.noDataReason, 'no_denominator');
  });
});
