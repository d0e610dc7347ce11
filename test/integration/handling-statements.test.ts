// How many SQL statements an officer action costs (issue 11: a forward or an accept in at most 8; today 5), and
// that the answer computed in memory from the new state equals what a fresh read of the dossier says.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { createServices } from '../../src/container.ts';
import { createTestContext, testConfig } from '../helpers/db.ts';
import { countingDb } from '../helpers/statements.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

/** The statements an action may cost at most (measured: 5 — dossier, open step, workflow, roles, one write). */
const MAX_STATEMENTS = 5;

const SUBMITTED = new Date('2026-11-17T03:00:00Z');
const WEDNESDAY = new Date('2026-11-18T02:00:00Z');

const ctx = await createTestContext({ demo: true });

// A second pool on the same database whose clients record every statement they send (test/helpers/statements.ts).
const counting = countingDb(ctx.url);
const counted = counting.db;
after(() => counted.destroy());
const services = createServices(testConfig({ DEMO: 'true' }), counted);
const [reception, specialist, head, leader] = (await Promise.all(['demo.motcua', 'demo.chuyenvien', 'demo.truongphong', 'demo.lanhdao'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor, Actor, Actor];

async function newDossier(): Promise<string> {
  return (await submittedDossier(ctx, await newCitizen(ctx), { now: SUBMITTED })).id;
}

const statementsOf = counting.statementsOf;

// The calendar caches the working hours and the year's schedule: read them once, so what is counted is an
// action's own statements.
await services.handling.act(reception, await newDossier(), 'accept', {}, WEDNESDAY);

describe('statements per officer action', () => {
  it(`an accept and a forward cost at most ${MAX_STATEMENTS} statements each, one of them a write`, async () => {
    const id = await newDossier();
    const accept = await statementsOf(() => services.handling.act(reception, id, 'accept', {}, WEDNESDAY));
    assert.equal(accept.result.status, 2);
    assert.ok(accept.statements.length <= MAX_STATEMENTS, `accept: ${accept.statements.length} statements:\n${accept.statements.join('\n---\n')}`);
    assert.equal(accept.statements.filter((s) => /^\s*(WITH|UPDATE|INSERT)/i.test(s) && /\bupdate "dossiers"/i.test(s)).length, 1);

    const forward = await statementsOf(() => services.handling.act(reception, id, 'forward', {}, new Date('2026-11-18T04:00:00Z')));
    assert.equal(forward.result.status, 4);
    assert.ok(forward.statements.length <= MAX_STATEMENTS, `forward: ${forward.statements.length} statements:\n${forward.statements.join('\n---\n')}`);
    assert.equal(forward.statements.filter((s) => /\bupdate "dossiers"/i.test(s)).length, 1);
    assert.equal(forward.statements.filter((s) => /^\s*(BEGIN|COMMIT)/i.test(s)).length, 0, 'one autocommit statement writes the transition');

    // Everything the write statement owes was written: the control sheet moved on, one event, audit entry and message.
    const steps = await ctx.db.selectFrom('dossier_steps').select(['position', 'finished_at', 'outcome']).where('dossier_id', '=', id).orderBy('id').execute();
    assert.deepEqual(steps.map((s) => [s.position, s.finished_at !== null, s.outcome]), [[1, true, 'forward'], [2, false, null]]);
    const events = await ctx.db.selectFrom('dossier_events').select('action').where('dossier_id', '=', id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.action), ['submit', 'accept', 'forward']);
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', 'in', ['dossier.accept', 'dossier.forward']).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['dossier.accept', 'dossier.forward']);
    const outbox = await ctx.db.selectFrom('outbox').select('payload').where('topic', '=', 'dossier.status').orderBy('id').execute();
    assert.deepEqual(outbox.map((o) => o.payload).filter((p) => p.dossierId === id).map((p) => p.action), ['accept', 'forward']);
  });
});

describe('the answer is computed from the new state', () => {
  it('after each action, allowedActions, status, version and dates equal a fresh read of the dossier', async () => {
    const id = await newDossier();
    const steps: Array<[Actor, string, Record<string, unknown>, Date]> = [
      [reception, 'accept', {}, WEDNESDAY],
      [reception, 'forward', {}, new Date('2026-11-18T04:00:00Z')],
      [specialist, 'request_supplement', { items: ['Bản sao CCCD'] }, new Date('2026-11-19T02:00:00Z')],
      [specialist, 'resume', {}, new Date('2026-11-20T02:00:00Z')],
      [specialist, 'forward', {}, new Date('2026-11-23T02:00:00Z')],
      [head, 'send_back', { reason: 'Thiếu thẩm định' }, new Date('2026-11-23T04:00:00Z')],
      [specialist, 'forward', {}, new Date('2026-11-24T02:00:00Z')],
      [head, 'forward', {}, new Date('2026-11-24T04:00:00Z')],
      [leader, 'record_result', {}, new Date('2026-11-25T02:00:00Z')],
    ];
    for (const [actor, action, input, at] of steps) {
      const result = await services.handling.act(actor, id, action, input, at);
      const fresh = await ctx.services.handling.detail(actor, id, at);
      assert.equal(result.status, fresh.status, action);
      assert.equal(result.version, fresh.version, action);
      assert.equal(result.dueAt, fresh.dueAt, action);
      assert.equal(result.appointmentAt, fresh.appointmentAt, action);
      assert.equal(result.finishedAt, fresh.finishedAt, action);
      assert.deepEqual(result.allowedActions, fresh.allowedActions, `${action} by ${actor.username}`);
    }
    // After the result, the reception (another officer than the leader who acted) may return it.
    assert.ok((await ctx.services.handling.detail(reception, id)).allowedActions.includes('return_result'));
  });
});
