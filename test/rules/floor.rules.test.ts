// The one-stop floor's pure rules: ticket codes, the queue's order, the ticket's life cycle at a counter
// (waiting → called → serving → done; recall, skip, transfer, cancel), and the forms' checks. Table-driven.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FloorTicketStatus } from '../../src/db/schema.ts';
import { checkCounter, checkGroup, checkRating, decide, isTicketAction, queueOrder, queueRank, secondsBetween, ticketCode, type QueuedTicket, type TicketAction } from '../../src/modules/floor/floor.rules.ts';

describe('floor rules', () => {
  it('ticket codes: the letter(s) and at least three digits', () => {
    for (const [group, n, code] of [['A', 1, 'A001'], ['A', 12, 'A012'], ['BC', 999, 'BC999'], ['B', 1000, 'B1000']] as const) assert.equal(ticketCode(group, n), code);
  });

  it('queue rank: legal priorities, then appointments, then the others', () => {
    const cases = [
      ['elderly', 'kiosk', 0],
      ['disability', 'kiosk', 0],
      ['pregnant', 'appointment', 0],
      ['none', 'appointment', 1],
      ['none', 'kiosk', 2],
      ['none', 'officer', 2],
    ] as const;
    for (const [priority, source, rank] of cases) assert.equal(queueRank(priority, source), rank, `${priority}/${source}`);
  });

  it('queue order: transferred to the counter first, then rank, then order of issue', () => {
    const t = (name: string, p: Partial<QueuedTicket>): QueuedTicket & { name: string } => ({ name, priority: 'none', source: 'kiosk', issuedAt: 0, number: 1, forCounter: false, ...p });
    const queue = [
      t('late kiosk', { issuedAt: 50, number: 5 }),
      t('early kiosk', { issuedAt: 10, number: 1 }),
      t('appointment', { source: 'appointment', issuedAt: 40, number: 4 }),
      t('elderly late', { priority: 'elderly', issuedAt: 60, number: 6 }),
      t('pregnant early', { priority: 'pregnant', issuedAt: 30, number: 3 }),
      t('transferred here', { issuedAt: 70, number: 7, forCounter: true }),
    ];
    assert.deepEqual([...queue].sort(queueOrder).map((x) => x.name), ['transferred here', 'pregnant early', 'elderly late', 'appointment', 'early kiosk', 'late kiosk']);
  });

  it('life cycle: which action leaves which state, and to where', () => {
    const statuses: FloorTicketStatus[] = ['waiting', 'called', 'serving', 'done', 'skipped', 'cancelled'];
    const allowed: Record<TicketAction, Partial<Record<FloorTicketStatus, FloorTicketStatus>>> = {
      call: { waiting: 'called' },
      recall: { called: 'called' },
      skip: { called: 'skipped' },
      start: { called: 'serving' },
      finish: { serving: 'done' },
      transfer: { called: 'waiting', serving: 'waiting' },
      cancel: { waiting: 'cancelled' },
    };
    for (const [action, moves] of Object.entries(allowed) as Array<[TicketAction, Partial<Record<FloorTicketStatus, FloorTicketStatus>>]>) {
      for (const status of statuses) {
        const d = decide(action, status, true);
        if (moves[status]) assert.deepEqual(d, { ok: true, to: moves[status] }, `${action} from ${status}`);
        else assert.deepEqual(d, { ok: false, code: 'FLOOR_TICKET_STATE' }, `${action} from ${status}`);
      }
    }
  });

  it("only the counter that has the ticket acts on it (cancel: any officer, on a waiting ticket)", () => {
    for (const action of ['recall', 'skip', 'start', 'transfer'] as const) assert.deepEqual(decide(action, 'called', false), { ok: false, code: 'FLOOR_NOT_YOUR_TICKET' });
    assert.deepEqual(decide('finish', 'serving', false), { ok: false, code: 'FLOOR_NOT_YOUR_TICKET' });
    assert.deepEqual(decide('cancel', 'waiting', false), { ok: true, to: 'cancelled' });
    assert.ok(isTicketAction('recall') && isTicketAction('call') && !isTicketAction('withdraw') && !isTicketAction(1));
  });

  it('waiting and service times in whole seconds, never negative', () => {
    assert.equal(secondsBetween(new Date(0), new Date(90_999)), 90);
    assert.equal(secondsBetween(new Date(5000), new Date(0)), 0);
    assert.equal(secondsBetween(null, new Date()), null);
  });

  it('group form: letter(s), both names', () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ code: 'a', nameVi: 'Đất đai', nameEn: 'Land' }, []],
      [{ code: 'ABC', nameVi: 'x', nameEn: 'x' }, ['/code FLOOR_GROUP_CODE_INVALID']],
      [{ code: '1', nameVi: ' ', nameEn: '' }, ['/code FLOOR_GROUP_CODE_INVALID', '/nameVi FLOOR_NAME_REQUIRED', '/nameEn FLOOR_NAME_REQUIRED']],
      [{ code: 'B', nameVi: 'x'.repeat(201), nameEn: 'y' }, ['/nameVi FLOOR_TOO_LONG']],
    ];
    for (const [input, errors] of cases) assert.deepEqual(checkGroup(input).errors.map((e) => `${e.path} ${e.code}`), errors, JSON.stringify(input));
    assert.deepEqual(checkGroup({ code: 'a', nameVi: 'Đất đai', nameEn: 'Land', procedureCodes: ['1.001', ' 1.001 ', ''] }).value, { code: 'A', nameVi: 'Đất đai', nameEn: 'Land', active: true, procedureCodes: ['1.001'] });
  });

  it('counter form: number 1–999, at least one group', () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ number: '3', groupIds: ['g'] }, []],
      [{ number: 0, groupIds: ['g'] }, ['/number FLOOR_COUNTER_NUMBER_INVALID']],
      [{ number: '1000', groupIds: [] }, ['/number FLOOR_COUNTER_NUMBER_INVALID', '/groupIds FLOOR_COUNTER_GROUPS_REQUIRED']],
      [{ number: '2.5', groupIds: ['g'] }, ['/number FLOOR_COUNTER_NUMBER_INVALID']],
    ];
    for (const [input, errors] of cases) assert.deepEqual(checkCounter(input).errors.map((e) => `${e.path} ${e.code}`), errors, JSON.stringify(input));
  });

  it('rating: a grade; reasons from the list (dropped when satisfied); a comment', () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ grade: 'satisfied' }, []],
      [{ grade: 'not_satisfied', reasons: ['slow', 'attitude'] }, []],
      [{}, ['/grade FLOOR_GRADE_REQUIRED']],
      [{ grade: 'great' }, ['/grade FLOOR_GRADE_REQUIRED']],
      [{ grade: 'normal', reasons: ['rude'] }, ['/reasons FLOOR_REASON_INVALID']],
      [{ grade: 'normal', comment: 'x'.repeat(1001) }, ['/comment FLOOR_TOO_LONG']],
    ];
    for (const [input, errors] of cases) assert.deepEqual(checkRating(input).errors.map((e) => `${e.path} ${e.code}`), errors, JSON.stringify(input));
    assert.deepEqual(checkRating({ grade: 'satisfied', reasons: ['slow'] }).value, { grade: 'satisfied', reasons: [], comment: null });
    assert.deepEqual(checkRating({ grade: 'normal', reasons: 'slow', comment: ' chậm ' }).value, { grade: 'normal', reasons: ['slow'], comment: 'chậm' });
  });
});
