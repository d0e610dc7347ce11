// Incoming documents' pure rules, table-driven: the workflow, who may act, who may open a confidential document,
// the metadata check, the deadline check (a date before today refused, naming the field), reminders, search text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingStatus } from '../../src/db/schema.ts';
import {
  assignees,
  buildSearchText,
  checkDeadline,
  checkMetadata,
  handledOnTime,
  isOverdue,
  mayAct,
  mayOpen,
  reminderKind,
  searchWords,
  transition,
  type IncomingAction,
  type Participants,
} from '../../src/modules/incoming/incoming.rules.ts';

const TODAY = '2026-03-16';

describe('incoming documents: workflow', () => {
  const table: Array<[IncomingStatus, IncomingAction, IncomingStatus | null]> = [
    ['registered', 'route', 'routed'],
    ['routed', 'route', 'routed'],
    ['assigned', 'route', null],
    ['registered', 'assign', 'assigned'],
    ['routed', 'assign', 'assigned'],
    ['in_progress', 'assign', 'assigned'],
    ['closed', 'assign', null],
    ['registered', 'opinion', null],
    ['routed', 'opinion', null],
    ['assigned', 'opinion', 'in_progress'],
    ['in_progress', 'opinion', 'in_progress'],
    ['answered', 'opinion', null],
    ['registered', 'close', 'closed'],
    ['in_progress', 'close', 'closed'],
    ['closed', 'close', null],
    ['in_progress', 'answer', 'answered'],
    ['closed', 'answer', null],
    ['answered', 'answer', null],
  ];
  for (const [from, action, to] of table) {
    it(`${from} --${action}--> ${to ?? 'refused'}`, () => assert.equal(transition(from, action), to));
  }
});

describe('incoming documents: who may act and open', () => {
  const p: Participants = { registeredBy: 'clerk', leaderId: 'leader', assignees: [{ accountId: 'lead', role: 'lead' }, { accountId: 'coord', role: 'coordinate' }, { accountId: 'info', role: 'inform' }] };
  const table: Array<[IncomingAction, string, { clerk?: boolean; leader?: boolean }, boolean]> = [
    ['route', 'clerk', { clerk: true }, true],
    ['route', 'lead', {}, false],
    ['assign', 'leader', {}, true],
    ['assign', 'otherLeader', { leader: true }, true],
    ['assign', 'clerk', { clerk: true }, false],
    ['opinion', 'coord', {}, true],
    ['opinion', 'info', {}, true],
    ['opinion', 'stranger', {}, false],
    ['close', 'lead', {}, true],
    ['close', 'coord', {}, false],
    ['close', 'clerk', { clerk: true }, true],
  ];
  for (const [action, who, flags, expected] of table) {
    it(`${who} ${expected ? 'may' : 'may not'} ${action}`, () => assert.equal(mayAct(action, { accountId: who, clerk: !!flags.clerk, leader: !!flags.leader }, p), expected));
  }
  const open: Array<[string, string, boolean]> = [
    ['none', 'stranger', true],
    ['confidential', 'stranger', false],
    ['secret', 'clerk', true],
    ['top_secret', 'leader', true],
    ['confidential', 'info', true],
    ['confidential', 'otherLeader', false],
  ];
  for (const [mark, who, expected] of open) {
    it(`a ${mark} document ${expected ? 'opens' : 'does not open'} for ${who}`, () => assert.equal(mayOpen(mark as 'none', who, p), expected));
  }
});

describe('incoming documents: metadata', () => {
  const valid = { issuer: ' Ủy ban  nhân dân tỉnh Trà Vinh ', numberSymbol: '12 / ubnd-vp', issuedOn: '2026-03-10', docType: 'official_letter', excerpt: 'Về việc rà soát' };
  it('a valid document: issuer folded, number-and-symbol normalised, defaults', () => {
    const { value, errors } = checkMetadata(valid, TODAY);
    assert.deepEqual(errors, []);
    assert.equal(value!.issuer, 'Ủy ban nhân dân tỉnh Trà Vinh');
    assert.equal(value!.issuerFolded, 'uy ban nhan dan tinh tra vinh');
    assert.equal(value!.numberSymbolNorm, '12/UBND-VP');
    assert.equal(value!.urgency, 'normal');
    assert.equal(value!.confidentiality, 'none');
  });
  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['no issuer', { issuer: '  ' }, '/issuer INCOMING_ISSUER_REQUIRED'],
    ['no symbol', { numberSymbol: '12' }, '/numberSymbol INCOMING_NUMBER_SYMBOL_INVALID'],
    ['letters as number', { numberSymbol: 'abc/UBND' }, '/numberSymbol INCOMING_NUMBER_SYMBOL_INVALID'],
    ['a date in the future', { issuedOn: '2026-03-17' }, '/issuedOn INCOMING_DATE_FUTURE'],
    ['not a date', { issuedOn: '16/03/2026' }, '/issuedOn INCOMING_DATE_INVALID'],
    ['an unknown type', { docType: 'memo' }, '/docType INCOMING_TYPE_INVALID'],
    ['no excerpt', { excerpt: '' }, '/excerpt INCOMING_EXCERPT_REQUIRED'],
    ['an unknown urgency', { urgency: 'asap' }, '/urgency INCOMING_URGENCY_INVALID'],
    ['an unknown mark', { confidentiality: 'hush' }, '/confidentiality INCOMING_CONFIDENTIALITY_INVALID'],
    ['zero pages', { pageCount: '0' }, '/pageCount INCOMING_PAGES_INVALID'],
  ];
  for (const [name, change, expected] of bad) {
    it(`refused: ${name}`, () => {
      const { value, errors } = checkMetadata({ ...valid, ...change }, TODAY);
      assert.equal(value, null);
      assert.deepEqual(errors.map((e) => `${e.path} ${e.code}`), [expected]);
    });
  }
});

describe('incoming documents: deadline', () => {
  const table: Array<[string, Record<string, unknown>, string, string]> = [
    ['a date before today', { deadline: '2026-03-15' }, 'normal', 'error /deadline INCOMING_DEADLINE_PAST'],
    ['today', { deadline: TODAY }, 'normal', `date ${TODAY}`],
    ['a later date', { deadline: '2026-04-01' }, 'normal', 'date 2026-04-01'],
    ['working days', { workingDays: '5' }, 'normal', 'workingDays 5'],
    ['zero working days', { workingDays: 0 }, 'normal', 'error /workingDays INCOMING_WORKING_DAYS_INVALID'],
    ['both', { deadline: TODAY, workingDays: 2 }, 'normal', 'error /workingDays INCOMING_DEADLINE_ONE'],
    ['neither, flash', {}, 'flash', 'workingDays 1'],
    ['neither, normal', {}, 'normal', 'workingDays 10'],
  ];
  for (const [name, input, urgency, expected] of table) {
    it(name, () => {
      const { value, errors } = checkDeadline(input, urgency as 'normal', TODAY);
      const got = errors.length ? `error ${errors[0]!.path} ${errors[0]!.code}` : value!.kind === 'date' ? `date ${value!.day}` : `workingDays ${value!.days}`;
      assert.equal(got, expected);
    });
  }
  const now = new Date('2026-03-16T03:00:00Z');
  const soon = new Date('2026-03-17T10:00:00Z');
  const row = (deadline: string | null, status: IncomingStatus = 'assigned', reminded = false, notified = false) => ({ status, deadline_at: deadline ? new Date(deadline) : null, reminded_at: reminded ? now : null, overdue_notified_at: notified ? now : null });
  const reminders: Array<[string, ReturnType<typeof row>, string | null]> = [
    ['far away', row('2026-03-30T10:00:00Z'), null],
    ['within a working day', row('2026-03-17T09:00:00Z'), 'due_soon'],
    ['within, already reminded', row('2026-03-17T09:00:00Z', 'assigned', true), null],
    ['past', row('2026-03-15T09:00:00Z', 'in_progress', true), 'overdue'],
    ['past, already warned', row('2026-03-15T09:00:00Z', 'in_progress', true, true), null],
    ['past but closed', row('2026-03-15T09:00:00Z', 'closed'), null],
    ['no deadline', row(null, 'routed'), null],
  ];
  for (const [name, r, expected] of reminders) {
    it(`reminder: ${name}`, () => assert.equal(reminderKind(r, now, soon), expected));
  }
  it('overdue and on time', () => {
    assert.equal(isOverdue(row('2026-03-15T09:00:00Z'), now), true);
    assert.equal(isOverdue(row('2026-03-15T09:00:00Z', 'closed'), now), false);
    assert.equal(handledOnTime(new Date('2026-03-15T09:00:00Z'), new Date('2026-03-15T09:00:00Z')), true);
    assert.equal(handledOnTime(new Date('2026-03-15T09:00:01Z'), new Date('2026-03-15T09:00:00Z')), false);
    assert.equal(handledOnTime(null, new Date()), null);
  });
});

describe('incoming documents: assignees and search', () => {
  it('one lead; a person in one role only; ids deduplicated', () => {
    const { value, errors } = assignees({ leadId: 'a', coordinateIds: ['b', 'a', 'b'], informIds: ['b', 'c'] });
    assert.deepEqual(errors, []);
    assert.deepEqual(value, [{ accountId: 'a', role: 'lead' }, { accountId: 'b', role: 'coordinate' }, { accountId: 'c', role: 'inform' }]);
    assert.deepEqual(assignees({ coordinateIds: ['b'] }).errors.map((e) => e.path), ['/leadId']);
  });
  it('search text is folded; words are folded', () => {
    assert.equal(buildSearchText(['12/2026', 'Ủy ban', null], 'Điều 1. Quyết định'), '12 2026 uy ban dieu 1. quyet dinh');
    assert.deepEqual(searchWords('  Quyết ĐỊNH  số '), ['quyet', 'dinh', 'so']);
  });
});
