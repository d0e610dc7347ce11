// The work calendar's pure rules (issue 19 part 4), table-driven: week arithmetic in Vietnam time, the parts of the
// day, the overlap of two entries (intervals, all-day entries, entries across midnight), the entry's fields, its
// state machine, the invitation's answers and who may be invited.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clockTime,
  conflicts,
  daysOf,
  decideEvent,
  decideResponse,
  entryProblems,
  inviteeProblem,
  isoWeek,
  isoWeekday,
  overlaps,
  partOfDay,
  weekOf,
  weekStart,
  type EntryInput,
  type InviteeFacts,
  type ResponseFacts,
} from '../../src/modules/meetings/meetings.rules.ts';
import { issuerAbbreviation } from '../../src/modules/meetings/meetings.service.ts';

const vn = (text: string) => new Date(`${text}+07:00`);

describe('weeks', () => {
  const cases: Array<[string, string, number]> = [
    ['2026-12-07', '2026-12-07', 1], // a Monday is its own week's start
    ['2026-12-13', '2026-12-07', 7], // Sunday ends the week (not the start of the next)
    ['2026-12-10', '2026-12-07', 4],
    ['2027-01-01', '2026-12-28', 5], // across the year
    ['2024-03-01', '2024-02-26', 5], // after a 29 February
  ];
  for (const [day, monday, weekday] of cases) {
    it(`${day} is in the week of ${monday} (day ${weekday})`, () => {
      assert.equal(weekStart(day), monday);
      assert.equal(isoWeekday(day), weekday);
    });
  }

  it('ISO week numbers, the year of the week’s Thursday', () => {
    assert.deepEqual(isoWeek('2026-12-07'), { year: 2026, week: 50 });
    assert.deepEqual(isoWeek('2027-01-01'), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek('2021-01-03'), { year: 2020, week: 53 });
    assert.deepEqual(isoWeek('2026-01-01'), { year: 2026, week: 1 });
  });

  it('weekOf: the week asked for, or today’s for anything that is not a day; bounds in Vietnam time', () => {
    const w = weekOf('2026-12-09', '2026-01-01');
    assert.equal(w.monday, '2026-12-07');
    assert.equal(w.sunday, '2026-12-13');
    assert.equal(w.previous, '2026-11-30');
    assert.equal(w.next, '2026-12-14');
    assert.equal(w.days.length, 7);
    assert.equal(w.from.toISOString(), '2026-12-06T17:00:00.000Z');
    assert.equal(w.to.toISOString(), '2026-12-13T17:00:00.000Z');
    for (const bad of ['2026-13-45', 'x', '', null, undefined, '1999-12-31', '2026-02-30']) assert.equal(weekOf(bad, '2026-12-10').monday, '2026-12-07', String(bad));
  });

  it('parts of the day: morning before noon, afternoon until 18:00, evening after (Vietnam time)', () => {
    const cases: Array<[string, string]> = [
      ['2026-12-07T00:00:00', 'morning'],
      ['2026-12-07T11:59:00', 'morning'],
      ['2026-12-07T12:00:00', 'afternoon'],
      ['2026-12-07T17:59:00', 'afternoon'],
      ['2026-12-07T18:00:00', 'evening'],
      ['2026-12-07T23:30:00', 'evening'],
    ];
    for (const [at, part] of cases) assert.equal(partOfDay(vn(at)), part, at);
  });

  it('clock time in Vietnam: 01:30 UTC is 08:30; 17:00 UTC is midnight of the next day', () => {
    assert.equal(clockTime(new Date('2026-12-07T01:30:00Z')), '08:30');
    assert.equal(clockTime(new Date('2026-12-07T17:00:00Z')), '00:00');
    assert.equal(clockTime(new Date('2026-12-07T16:59:00Z')), '23:59');
  });

  it('the days an entry touches: an end at midnight does not touch the next day; across midnight touches two', () => {
    assert.deepEqual(daysOf({ startsAt: vn('2026-12-07T08:00:00'), endsAt: vn('2026-12-07T10:00:00'), allDay: false }), ['2026-12-07']);
    assert.deepEqual(daysOf({ startsAt: vn('2026-12-07T22:00:00'), endsAt: vn('2026-12-08T02:00:00'), allDay: false }), ['2026-12-07', '2026-12-08']);
    assert.deepEqual(daysOf({ startsAt: vn('2026-12-07T00:00:00'), endsAt: vn('2026-12-09T00:00:00'), allDay: true }), ['2026-12-07', '2026-12-08']);
  });
});

describe('overlaps', () => {
  const at = (from: string, to: string, allDay = false) => ({ startsAt: vn(from), endsAt: vn(to), allDay });
  const cases: Array<[string, ReturnType<typeof at>, ReturnType<typeof at>, boolean]> = [
    ['same hours', at('2026-12-07T08:00:00', '2026-12-07T10:00:00'), at('2026-12-07T08:00:00', '2026-12-07T10:00:00'), true],
    ['partly', at('2026-12-07T08:00:00', '2026-12-07T10:00:00'), at('2026-12-07T09:30:00', '2026-12-07T11:00:00'), true],
    ['inside', at('2026-12-07T08:00:00', '2026-12-07T12:00:00'), at('2026-12-07T09:00:00', '2026-12-07T10:00:00'), true],
    ['touching ends do not overlap', at('2026-12-07T08:00:00', '2026-12-07T10:00:00'), at('2026-12-07T10:00:00', '2026-12-07T11:00:00'), false],
    ['apart', at('2026-12-07T08:00:00', '2026-12-07T10:00:00'), at('2026-12-07T14:00:00', '2026-12-07T16:00:00'), false],
    ['all day covers an evening meeting of that day', at('2026-12-07T00:00:00', '2026-12-08T00:00:00', true), at('2026-12-07T19:00:00', '2026-12-07T21:00:00'), true],
    ['all day does not cover the next morning', at('2026-12-07T00:00:00', '2026-12-08T00:00:00', true), at('2026-12-08T07:00:00', '2026-12-08T09:00:00'), false],
    ['an all-day entry stored with hours still covers the whole day', at('2026-12-07T09:00:00', '2026-12-07T10:00:00', true), at('2026-12-07T16:00:00', '2026-12-07T17:00:00'), true],
    ['across midnight meets the next early morning', at('2026-12-07T22:00:00', '2026-12-08T02:00:00'), at('2026-12-08T01:00:00', '2026-12-08T03:00:00'), true],
    ['across midnight meets the next day’s all-day entry', at('2026-12-07T22:00:00', '2026-12-08T02:00:00'), at('2026-12-08T00:00:00', '2026-12-09T00:00:00', true), true],
    ['across midnight, not the following morning', at('2026-12-07T22:00:00', '2026-12-08T02:00:00'), at('2026-12-08T08:00:00', '2026-12-08T09:00:00'), false],
    ['two all-day entries on neighbouring days', at('2026-12-07T00:00:00', '2026-12-08T00:00:00', true), at('2026-12-08T00:00:00', '2026-12-09T00:00:00', true), false],
  ];
  for (const [name, a, b, expected] of cases) {
    it(name, () => {
      assert.equal(overlaps(a, b), expected);
      assert.equal(overlaps(b, a), expected, 'symmetric');
    });
  }

  it('conflicts: the overlapping others in start order, the entry itself left out', () => {
    const entry = { id: 'm', ...at('2026-12-07T08:00:00', '2026-12-07T11:00:00') };
    const others = [
      { id: 'b', title: 'B', ...at('2026-12-07T10:00:00', '2026-12-07T12:00:00') },
      { id: 'm', title: 'itself', ...at('2026-12-07T08:00:00', '2026-12-07T11:00:00') },
      { id: 'a', title: 'A', ...at('2026-12-07T00:00:00', '2026-12-08T00:00:00', true) },
      { id: 'c', title: 'C', ...at('2026-12-07T11:00:00', '2026-12-07T12:00:00') },
    ];
    assert.deepEqual(conflicts(entry, others).map((o) => o.id), ['a', 'b']);
  });
});

describe('an entry’s fields', () => {
  const base: EntryInput = { title: 'Họp', date: '2026-12-07', startTime: '08:00', endTime: '10:00', endDate: '', allDay: false, location: '', content: '', chairName: '', outsideParticipants: '' };
  const cases: Array<[string, Partial<EntryInput>, string[], [string, string] | null]> = [
    ['valid', {}, [], ['2026-12-07T01:00:00.000Z', '2026-12-07T03:00:00.000Z']],
    ['no end time: one hour', { endTime: '' }, [], ['2026-12-07T01:00:00.000Z', '2026-12-07T02:00:00.000Z']],
    ['across midnight: an end before the start is the next day', { startTime: '22:00', endTime: '02:00' }, [], ['2026-12-07T15:00:00.000Z', '2026-12-07T19:00:00.000Z']],
    ['all day, one day', { allDay: true, startTime: '', endTime: '' }, [], ['2026-12-06T17:00:00.000Z', '2026-12-07T17:00:00.000Z']],
    ['all day, three days', { allDay: true, endDate: '2026-12-09' }, [], ['2026-12-06T17:00:00.000Z', '2026-12-09T17:00:00.000Z']],
    ['no title', { title: '  ' }, ['/title MEETING_TITLE_REQUIRED'], null],
    ['no such day', { date: '2026-02-30' }, ['/date MEETING_DATE_INVALID'], null],
    ['bad time', { startTime: '8h' }, ['/startTime MEETING_TIME_INVALID'], null],
    ['end date before start', { endDate: '2026-12-06' }, ['/endDate MEETING_END_BEFORE_START'], null],
    ['same start and end', { endTime: '08:00', endDate: '2026-12-07' }, ['/endDate MEETING_END_BEFORE_START'], null],
    ['too long', { endDate: '2027-02-01' }, ['/endDate MEETING_TOO_LONG'], null],
    ['title too long', { title: 'x'.repeat(501) }, ['/title MEETING_TEXT_TOO_LONG'], null],
  ];
  for (const [name, patch, errors, interval] of cases) {
    it(name, () => {
      const result = entryProblems({ ...base, ...patch });
      assert.deepEqual(result.errors.map((e) => `${e.path} ${e.code}`), errors);
      assert.deepEqual(result.startsAt && result.endsAt ? [result.startsAt.toISOString(), result.endsAt.toISOString()] : null, interval);
    });
  }
});

describe('state machines', () => {
  it('entries: what each status allows', () => {
    const cases: Array<[Parameters<typeof decideEvent>, string | null]> = [
      [['draft', 'edit', false], null],
      [['draft', 'publish', false], null],
      [['published', 'publish', false], 'MEETING_ALREADY_PUBLISHED'],
      [['published', 'edit', true], null],
      [['draft', 'send', true], 'MEETING_NOT_PUBLISHED'],
      [['published', 'send', false], 'MEETING_NOT_A_MEETING'],
      [['published', 'send', true], null],
      [['cancelled', 'edit', true], 'MEETING_CANCELLED'],
      [['cancelled', 'cancel', true], 'MEETING_CANCELLED'],
      [['draft', 'invite', true], null],
    ];
    for (const [args, expected] of cases) assert.equal(decideEvent(...args), expected, args.join(' '));
  });

  it('invitations: attend, decline with a reason, delegate (staff, a deputy), never after delegation or the end', () => {
    const facts: ResponseFacts = { status: 'pending', eventStatus: 'published', ended: false, internal: true, reason: '', hasDeputy: false };
    const cases: Array<[string, Partial<ResponseFacts>, 'accept' | 'decline' | 'delegate', string]> = [
      ['accept', {}, 'accept', 'accepted'],
      ['decline without a reason', {}, 'decline', 'MEETING_REASON_REQUIRED /reason'],
      ['decline with a reason', { reason: 'Đi công tác' }, 'decline', 'declined'],
      ['change of mind', { status: 'declined' }, 'accept', 'accepted'],
      ['delegate without a deputy', {}, 'delegate', 'MEETING_DEPUTY_REQUIRED /deputyId'],
      ['delegate', { hasDeputy: true }, 'delegate', 'delegated'],
      ['an outside invitee cannot delegate', { internal: false, hasDeputy: true }, 'delegate', 'MEETING_DELEGATE_INTERNAL_ONLY'],
      ['delegated is final', { status: 'delegated' }, 'accept', 'MEETING_INVITATION_DELEGATED'],
      ['cancelled meeting', { eventStatus: 'cancelled' }, 'accept', 'MEETING_CANCELLED'],
      ['ended meeting', { ended: true }, 'accept', 'MEETING_ENDED'],
      ['a reason too long', { reason: 'x'.repeat(1001) }, 'decline', 'MEETING_TEXT_TOO_LONG /reason'],
    ];
    for (const [name, patch, response, expected] of cases) {
      const r = decideResponse({ ...facts, ...patch }, response);
      assert.equal('status' in r ? r.status : `${r.code}${r.path ? ` ${r.path}` : ''}`, expected, name);
    }
  });

  it('who may be invited: an active staff account of an active agency, still in the agency picked', () => {
    const ok: InviteeFacts = { status: 'active', kind: 'staff', service: false, agencyId: 'A', agencyActive: true };
    const cases: Array<[string, InviteeFacts | undefined, string | null, string | null]> = [
      ['active colleague', ok, 'A', null],
      ['no agency asked', ok, null, null],
      ['account disabled (left)', { ...ok, status: 'disabled' }, 'A', 'MEETING_INVITEE_INACTIVE'],
      ['moved to another agency', { ...ok, agencyId: 'B' }, 'A', 'MEETING_INVITEE_INACTIVE'],
      ['no agency any more', { ...ok, agencyId: null }, null, 'MEETING_INVITEE_INACTIVE'],
      ['agency merged away', { ...ok, agencyActive: false }, 'A', 'MEETING_INVITEE_INACTIVE'],
      ['a citizen', { ...ok, kind: 'citizen' }, null, 'MEETING_INVITEE_UNKNOWN'],
      ['a service account', { ...ok, service: true }, null, 'MEETING_INVITEE_UNKNOWN'],
      ['unknown', undefined, null, 'MEETING_INVITEE_UNKNOWN'],
    ];
    for (const [name, facts, expected, result] of cases) assert.equal(inviteeProblem(facts, expected), result, name);
  });

  it('the issuer’s abbreviation: its short name, else the initials of its name', () => {
    assert.equal(issuerAbbreviation({ short_name: 'CBQTG', name: 'Cục Bản quyền tác giả', code: 'x' }), 'CBQTG');
    assert.equal(issuerAbbreviation({ short_name: null, name: 'Cục Bản quyền tác giả', code: 'x' }), 'CBQTG');
    assert.equal(issuerAbbreviation({ short_name: 'not one!', name: 'Ủy ban nhân dân xã An Trường', code: 'x' }), 'UBNDXAT');
  });
});
