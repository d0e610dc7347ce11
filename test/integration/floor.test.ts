// The one-stop floor against PostgreSQL: numbering per group and day without gaps (a rolled-back issue gives its
// number back), the refusal of a ticket for a group with no open counter, "call next" under concurrency (parallel
// calls from several counters never get the same ticket), the queue's order, recall/skip/transfer/finish with the
// waiting and service times kept on the ticket, the events and NOTIFY of each change, and one rating per ticket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { DomainError } from '../../src/core/errors.ts';
import { vietnamDate } from '../../src/core/time.ts';
import { DEMO_FLOOR_AGENCY } from '../../src/modules/floor/floor.demo.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername } from '../helpers/dossiers.ts';

async function refused(promise: Promise<unknown>, code: string): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code, JSON.stringify(error.fieldErrors.length ? error.fieldErrors : error.params));
    return error;
  }
  assert.fail(`expected ${code}`);
}

describe('the one-stop floor', async () => {
  const ctx = await createTestContext({ demo: true });
  const floor = ctx.services.floor;
  const agency = (await ctx.services.agencies.byCode(DEMO_FLOOR_AGENCY))!;
  const [reception, specialist, head, leader] = await Promise.all([actorByUsername(ctx, 'demo.motcua'), actorByUsername(ctx, 'demo.chuyenvien'), actorByUsername(ctx, 'demo.truongphong'), actorByUsername(ctx, 'demo.lanhdao')]);
  const groups = await floor.listGroups(agency.id);
  const group = (code: string) => groups.find((g) => g.code === code)!;
  const counters = await floor.repo.counters(ctx.db, agency.id);
  const counter = (n: number) => counters.find((c) => c.number === n)!;
  const issue = (code: string, extra: { priority?: 'none' | 'elderly' | 'pregnant'; source?: 'kiosk' | 'appointment' } = {}) =>
    floor.issueTicket({ agencyId: agency.id, groupId: group(code).id, priority: extra.priority, source: extra.source ?? 'kiosk' });

  it('the demo has groups A, B, C and counters 1–3, all closed', () => {
    assert.deepEqual(groups.map((g) => `${g.code} ${g.open}`), ['A false', 'B false', 'C false']);
    assert.deepEqual(counters.map((c) => `${c.number} ${c.officer_id}`), ['1 null', '2 null', '3 null']);
  });

  it('a ticket for a group with no open counter is refused', async () => {
    await refused(issue('A'), 'FLOOR_NO_OPEN_COUNTER');
    assert.equal((await ctx.db.selectFrom('floor_tickets').select('id').execute()).length, 0);
  });

  it('an officer opens one counter; a second officer cannot take it, nor the first a second one', async () => {
    await floor.openCounter(reception, counter(1).id);
    await refused(floor.openCounter(specialist, counter(1).id), 'FLOOR_COUNTER_TAKEN');
    await refused(floor.openCounter(reception, counter(2).id), 'FLOOR_OFFICER_HAS_COUNTER');
    await floor.openCounter(specialist, counter(2).id);
    await floor.openCounter(head, counter(3).id);
    assert.deepEqual((await floor.listGroups(agency.id)).map((g) => `${g.code} ${g.open}`), ['A true', 'B true', 'C true']);
  });

  it('numbers per group and day, in order; a rolled-back issue leaves no gap', async () => {
    const a1 = await issue('A');
    const b1 = await issue('B');
    assert.equal(a1.code, 'A001');
    assert.equal(b1.code, 'B001');
    assert.equal(a1.day, vietnamDate(new Date()));
    await assert.rejects(
      ctx.db.transaction().execute(async (tx) => {
        const t = await floor.issueTicket({ agencyId: agency.id, groupId: group('A').id, source: 'kiosk' }, { tx });
        assert.equal(t.code, 'A002');
        throw new Error('rollback');
      }),
      /rollback/,
    );
    const a2 = await issue('A');
    assert.equal(a2.code, 'A002');
    assert.equal(a2.ahead, 1);
    // Cancel these so that the next tests start from an empty queue.
    for (const t of [a1, b1, a2]) await floor.act(reception, t.id, 'cancel');
  });

  it('parallel issues of one group get distinct consecutive numbers', async () => {
    const issued = await Promise.all(Array.from({ length: 8 }, () => issue('C')));
    assert.deepEqual(issued.map((t) => t.number).sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8]);
    for (const t of issued) await floor.act(reception, t.id, 'cancel');
  });

  it('three counters calling at once never get the same ticket (one wins each)', async () => {
    // Counter 3 serves A, B, C; counter 1 serves A; counter 2 serves B: two tickets of A, one of B.
    const tickets = [await issue('A'), await issue('A'), await issue('B')];
    const calls = await Promise.allSettled([floor.callNext(reception, counter(1).id), floor.callNext(specialist, counter(2).id), floor.callNext(head, counter(3).id)]);
    const got = calls.map((c) => (c.status === 'fulfilled' ? c.value.id : (c.reason as DomainError).code));
    assert.equal(new Set(got).size, 3, JSON.stringify(got));
    assert.deepEqual(new Set(got), new Set(tickets.map((t) => t.id)));
    const rows = await ctx.db.selectFrom('floor_tickets').select(['id', 'status', 'counter_id', 'calls']).where('id', 'in', tickets.map((t) => t.id)).execute();
    assert.ok(rows.every((r) => r.status === 'called' && r.calls === 1));
    assert.equal(new Set(rows.map((r) => r.counter_id)).size, 3);
    // A counter with a ticket called cannot call another; each skips its ticket.
    await issue('A');
    await refused(floor.callNext(reception, counter(1).id), 'FLOOR_COUNTER_BUSY');
    for (const [who, row] of [[reception, 1], [specialist, 2], [head, 3]] as const) {
      const active = (await floor.repo.activeAt(ctx.db, counter(row).id))!;
      await floor.act(who, active.id, 'skip');
    }
    const left = (await floor.callNext(reception, counter(1).id))!;
    await floor.act(reception, left.id, 'skip');
    await refused(floor.callNext(reception, counter(1).id), 'FLOOR_QUEUE_EMPTY');
    await refused(floor.callNext(specialist, counter(1).id), 'FLOOR_COUNTER_CLOSED');
  });

  it('many parallel calls over a long queue: every ticket called once', async () => {
    const many = await Promise.all(Array.from({ length: 12 }, () => issue('A')));
    const seen: string[] = [];
    // Rounds of parallel calls from counters 1 and 3 (both serve A); each skips what it got.
    for (let round = 0; round < 6; round++) {
      const got = await Promise.all([floor.callNext(reception, counter(1).id), floor.callNext(head, counter(3).id)]);
      assert.notEqual(got[0].id, got[1].id);
      seen.push(...got.map((t) => t.id));
      await Promise.all([floor.act(reception, got[0].id, 'skip'), floor.act(head, got[1].id, 'skip')]);
    }
    assert.deepEqual(new Set(seen), new Set(many.map((t) => t.id)));
    assert.equal(seen.length, 12);
  });

  it('the queue: legal priority, then an appointment, then the order of issue', async () => {
    const plain = await issue('A');
    const appointment = await issue('A', { source: 'appointment' });
    const elderly = await issue('A', { priority: 'elderly' });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await floor.callNext(reception, counter(1).id);
      order.push(t.id);
      await floor.act(reception, t.id, 'skip');
    }
    assert.deepEqual(order, [elderly.id, appointment.id, plain.id]);
  });

  it('recall, start, finish: waiting and service times kept; events and NOTIFY for each change', async () => {
    const listener = new pg.Client({ connectionString: ctx.url });
    await listener.connect();
    const notes: string[] = [];
    listener.on('notification', (n) => notes.push(`${n.channel}:${n.payload}`));
    await listener.query('LISTEN floor');
    try {
      const t = await issue('A');
      const called = await floor.callNext(reception, counter(1).id);
      assert.equal(called.id, t.id);
      const recalled = await floor.act(reception, t.id, 'recall');
      assert.equal(recalled.calls, 2);
      await refused(floor.act(specialist, t.id, 'start'), 'FLOOR_NOT_YOUR_TICKET');
      const serving = await floor.act(reception, t.id, 'start');
      assert.ok(serving.served_at && serving.wait_seconds !== null && serving.wait_seconds >= 0);
      await refused(floor.act(reception, t.id, 'start'), 'FLOOR_TICKET_STATE');
      const done = await floor.act(reception, t.id, 'finish');
      assert.equal(done.status, 'done');
      assert.ok(done.finished_at && done.service_seconds !== null && done.service_seconds >= 0);
      const events = await ctx.db.selectFrom('floor_ticket_events').select('kind').where('ticket_id', '=', t.id).orderBy('id').execute();
      assert.deepEqual(events.map((e) => e.kind), ['issued', 'called', 'recalled', 'serving', 'done']);
      // Notifications arrive after commit; wait for the five of this ticket (no timing: a bounded poll on the count).
      for (let i = 0; i < 200 && notes.length < 5; i++) await new Promise((r) => setImmediate(r));
      await listener.query('SELECT 1');
      assert.ok(notes.length >= 5, JSON.stringify(notes));
      assert.ok(notes.every((n) => n === `floor:${agency.id}`));
    } finally {
      await listener.end();
    }
  });

  it('transfer to another group (joins its queue) and to a counter (waits for that counter first)', async () => {
    const t = await issue('A');
    await floor.callNext(reception, counter(1).id);
    await refused(floor.act(reception, t.id, 'transfer', {}), 'VALIDATION_FAILED');
    const moved = await floor.act(reception, t.id, 'transfer', { groupId: group('B').id });
    assert.equal(moved.status, 'waiting');
    assert.equal(moved.queue_group_id, group('B').id);
    assert.equal(moved.code, t.code);
    const other = await issue('B');
    // Counter 2 serves B: the transferred ticket was issued first.
    const c2 = await floor.callNext(specialist, counter(2).id);
    assert.equal(c2.id, t.id);
    const toThree = await floor.act(specialist, t.id, 'transfer', { counterId: counter(3).id });
    assert.equal(toThree.for_counter_id, counter(3).id);
    const pick = await floor.callNext(head, counter(3).id);
    assert.equal(pick.id, t.id, 'transferred to counter 3 by name: ahead of its queues');
    await floor.act(head, t.id, 'skip');
    const c2b = await floor.callNext(specialist, counter(2).id);
    assert.equal(c2b.id, other.id);
    await floor.act(specialist, other.id, 'skip');
  });

  it('rating on the tablet: the last finished ticket of the counter, once', async () => {
    const t = await issue('A');
    await floor.callNext(reception, counter(1).id);
    await floor.act(reception, t.id, 'start');
    await floor.act(reception, t.id, 'finish');
    const tablet = await floor.tablet(reception);
    assert.equal(tablet.ticket?.id, t.id);
    await refused(floor.rate(specialist, t.id, { grade: 'satisfied' }), 'FLOOR_NOT_YOUR_TICKET');
    await refused(floor.rate(reception, t.id, { grade: 'bad' }), 'VALIDATION_FAILED');
    const [first, second] = await Promise.allSettled([floor.rate(reception, t.id, { grade: 'not_satisfied', reasons: ['slow'] }), floor.rate(reception, t.id, { grade: 'satisfied' })]);
    const outcomes = [first, second].map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as DomainError).code)).sort();
    assert.deepEqual(outcomes, ['FLOOR_RATING_EXISTS', 'ok']);
    const ratings = await ctx.db.selectFrom('floor_counter_ratings').selectAll().where('ticket_id', '=', t.id).execute();
    assert.equal(ratings.length, 1);
    assert.equal(ratings[0]!.officer_id, reception.id);
    assert.equal((await floor.tablet(reception)).ticket, null);
  });

  it('configuration: procedures in one group only; audit entries; a closed counter with a called ticket refuses to close', async () => {
    const config = await floor.config(leader, DEMO_FLOOR_AGENCY);
    const inA = config.groups.find((g) => g.code === 'A')!.procedure_codes;
    assert.ok(inA.length > 0);
    const error = await refused(floor.createGroup(leader, DEMO_FLOOR_AGENCY, { code: 'D', nameVi: 'Thử', nameEn: 'Test', procedureCodes: [inA[0]] }), 'VALIDATION_FAILED');
    assert.equal(error.fieldErrors[0]!.code, 'FLOOR_PROCEDURE_IN_OTHER_GROUP');
    await refused(floor.createGroup(reception, DEMO_FLOOR_AGENCY, { code: 'D', nameVi: 'Thử', nameEn: 'Test' }), 'FORBIDDEN');
    const d = await floor.createGroup(leader, DEMO_FLOOR_AGENCY, { code: 'd', nameVi: 'Thử', nameEn: 'Test' });
    await refused(floor.updateGroup(leader, d.id, { code: 'E', nameVi: 'Thử', nameEn: 'Test' }), 'VALIDATION_FAILED');
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', 'like', 'floor.%').execute();
    assert.ok(audit.some((a) => a.action === 'floor.group.create'));
    assert.ok(audit.some((a) => a.action === 'floor.counter.open'));
    const t = await issue('A');
    await floor.callNext(reception, counter(1).id);
    await refused(floor.closeCounter(reception, counter(1).id), 'FLOOR_COUNTER_BUSY');
    await floor.act(reception, t.id, 'skip');
    await floor.closeCounter(reception, counter(1).id);
  });
});

describe('the demo floor', async () => {
  const ctx = await createTestContext({ demo: true });

  it("a morning's tickets at counter 3: the elderly visitor served and rating, the next one called; once only", async () => {
    const { seedDemoFloorTickets } = await import('../../src/modules/floor/floor.demo.ts');
    assert.equal(await seedDemoFloorTickets(ctx), 5);
    assert.equal(await seedDemoFloorTickets(ctx), null);
    const rows = await ctx.db.selectFrom('floor_tickets').select(['code', 'status', 'priority']).orderBy('issued_at').execute();
    assert.deepEqual(rows.map((r) => `${r.code} ${r.status}`), ['A001 called', 'C001 waiting', 'A002 done', 'B001 waiting', 'A003 waiting']);
    assert.equal((await ctx.db.selectFrom('floor_counter_ratings').select('grade').execute()).length, 1);
  });
});
