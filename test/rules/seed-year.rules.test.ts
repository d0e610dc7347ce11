// The demo year's dossier simulation (src/seed/year.plan.ts), pure: what each drawn fate makes of a dossier along
// the default workflow, with the working-day calendar — and the generated people's identity numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_WORKING_HOURS, WorkingCalendar } from '../../src/modules/calendar/calendar.rules.ts';
import { defaultWorkflow, timeliness } from '../../src/modules/handling/handling.rules.ts';
import { simulateDossier, type Fate, type Officer, type SimInput, type Team } from '../../src/seed/year.plan.ts';
import { company, person, seededRandom } from '../../src/seed/year.people.ts';

const officer = (role: Officer['role'], id: string): Officer => ({ id, fullName: `Cán bộ ${id}`, role, departmentId: null, departmentName: null });
const TEAM: Team = { receptionist: officer('receptionist', 'r'), specialist: officer('specialist', 's'), department_head: officer('department_head', 'h'), agency_leader: officer('agency_leader', 'l') };
const LIMIT = { value: 10, unit: 'working_days' as const, sameDay: false };
const NOW = new Date('2026-11-20T04:00:00Z');

const FATE: Fate = {
  supplementBeforeReception: false, refused: false, withdrawnBeforeReception: false, payOnline: null, paymentProvider: 'platform', supplement: false,
  supplementDays: 2, sentBack: false, stopped: false, withdrawn: false, late: false, stalled: false, returnMethod: 'counter', rated: false,
};

function run(fate: Partial<Fate>, over: Partial<SimInput> = {}) {
  return simulateDossier({
    now: NOW,
    submittedAt: new Date('2026-09-01T02:30:00Z'), // a Tuesday, 09:30 in Vietnam
    channel: 1,
    version: { id: 'v', code: '1.000001', agencyId: 'a', limit: LIMIT, steps: defaultWorkflow(LIMIT), stepDepartmentNames: new Map(), fees: [{ description: 'Lệ phí', amountVnd: 100_000 }] },
    teams: new Map([['a', TEAM]]),
    applicant: { id: 'p', name: 'Nguyễn Văn Bình', organisationId: null },
    fate: { ...FATE, ...fate },
    computedFeeVnd: undefined,
    nationalCode: null,
    orderNo: () => 'DVC0000000000000001',
    calendar: new WorkingCalendar(),
    hoursOf: () => DEFAULT_WORKING_HOURS,
    random: seededRandom(7),
    ...over,
  });
}

describe('demo year: one dossier per fate', () => {
  const cases: Array<{ name: string; fate: Partial<Fate>; over?: Partial<SimInput>; status: number; actions: string[] }> = [
    { name: 'at the counter, handled along the workflow and returned', fate: {}, status: 10, actions: ['counter_intake', 'accept', 'forward', 'forward', 'forward', 'record_result', 'return_result'] },
    { name: 'refused at reception', fate: { refused: true }, status: 3, actions: ['counter_intake', 'refuse'] },
    { name: 'online, withdrawn before reception', fate: { withdrawnBeforeReception: true }, over: { channel: 2 }, status: 7, actions: ['submit', 'withdraw'] },
    { name: 'from the national portal, supplement before reception', fate: { supplementBeforeReception: true }, over: { channel: 4, nationalCode: 'G22-1' }, status: 10, actions: ['national_portal_intake', 'request_supplement', 'respond_supplement', 'accept', 'forward', 'forward', 'forward', 'record_result', 'return_result'] },
    { name: 'stopped by the specialist', fate: { stopped: true }, status: 8, actions: ['counter_intake', 'accept', 'forward', 'stop'] },
    { name: 'sent back once by the department head', fate: { sentBack: true }, status: 10, actions: ['counter_intake', 'accept', 'forward', 'forward', 'send_back', 'forward', 'forward', 'record_result', 'return_result'] },
    { name: 'online, fees requested and paid online', fate: { payOnline: 'on_request' }, over: { channel: 2 }, status: 10, actions: ['submit', 'accept', 'request_payment', 'resume', 'forward', 'forward', 'forward', 'record_result', 'return_result'] },
    { name: 'a supplement never answered by now', fate: { supplement: true, supplementDays: 400 }, status: 5, actions: ['counter_intake', 'accept', 'forward', 'request_supplement'] },
    { name: 'received yesterday: with the specialist now', fate: {}, over: { submittedAt: new Date('2026-11-19T02:00:00Z') }, status: 4, actions: ['counter_intake', 'accept', 'forward'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = run(c.fate, c.over);
      assert.equal(r.dossier.status, c.status);
      assert.deepEqual(r.events.map((e) => e.action), c.actions);
      for (let i = 1; i < r.events.length; i++) assert.ok(r.events[i]!.at >= r.events[i - 1]!.at, 'chronological');
      assert.ok(r.events.every((e) => e.at <= NOW), 'nothing after now');
    });
  }

  it('a paid dossier has its order, paid when the dossier resumed', () => {
    const r = run({ payOnline: 'on_request' }, { channel: 2 });
    assert.ok(r.payment);
    assert.equal(r.payment.amount_vnd, 100_000);
    assert.equal(r.dossier.paid_online, true);
    assert.equal(r.events.find((e) => e.action === 'resume')!.at.getTime(), r.payment.paid_at.getTime());
    assert.deepEqual(r.pauses.map((p) => p.kind), ['payment']);
  });

  it('a late dossier apologises before its appointment and is graded late by the calendar', () => {
    const r = run({ late: true });
    assert.equal(r.dossier.status, 10);
    assert.equal(r.dossier.timeliness, 'late');
    assert.equal(r.dossier.timeliness, timeliness(r.dossier.finished_at!, r.dossier.due_at!));
    const apology = r.events.find((e) => e.action === 'apologise');
    assert.ok(apology && apology.at < r.dossier.due_at!);
    assert.ok(r.dossier.appointment_at! > r.dossier.due_at!, 'a new appointment');
  });

  it('a stalled dossier is overdue now', () => {
    const r = run({ stalled: true }, { submittedAt: new Date('2026-10-28T02:00:00Z') });
    assert.equal(r.dossier.status, 4);
    assert.ok(r.dossier.due_at! < NOW);
  });

  it('the 10 working days: brought on Tuesday 1 September 2026, due at 17:00 on 17 September', () => {
    const r = run({});
    // 1/9 and 2/9 (National Day and its adjacent day) are days off in 2026: received on Thursday 3 September, a day
    // not counted; then 4, 7–11, 14–17 September.
    assert.equal(r.dossier.due_at!.toISOString(), new Date('2026-09-17T10:00:00Z').toISOString());
  });
});

describe('demo year: generated people', () => {
  it('personal IDs of 12 digits whose century-and-sex digit matches the year of birth, tax codes of 10', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      const p = person(random);
      assert.match(p.personalId, /^\d{12}$/);
      const year = Number(p.dateOfBirth.slice(0, 4));
      assert.equal(Number(p.personalId[3]) >= 2, year >= 2000);
      assert.equal(p.personalId.slice(4, 6), String(year % 100).padStart(2, '0'));
      assert.match(p.phone, /^0\d{9}$/);
      assert.match(p.fullName, /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u);
      assert.match(company(random).taxCode, /^\d{10}$/);
    }
  });
});
