import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import type { DossierStatus } from '../../src/db/schema.ts';
import {
  ACTIONS,
  ActionConflict,
  actionsInStatus,
  allowedActions,
  calendarLimit,
  checkApology,
  checkWorkflow,
  decide,
  defaultWorkflow,
  dueCategory,
  gradeStep,
  inWorkingDays,
  nextStatus,
  nextStepOf,
  returnStepAfter,
  supplementItems,
  timeliness,
  type DossierState,
  type HandlingAction,
  type Who,
} from '../../src/modules/handling/handling.rules.ts';

// The state machine of domain guide §3, written out by hand: status → action → next status.
// `R` marks the resume-like actions whose result depends on whether the dossier was received (4) or not (1).
const R = 'resume-like';
const EXPECTED: Record<DossierStatus, Partial<Record<HandlingAction, DossierStatus | typeof R>>> = {
  1: { accept: 2, request_supplement: 5, refuse: 3, withdraw: 7 },
  2: { request_supplement: 5, forward: 4, request_payment: 6, apologise: 2, stop: 8, withdraw: 7 },
  3: {},
  4: { request_supplement: 5, forward: 4, send_back: 4, request_payment: 6, apologise: 4, stop: 8, record_result: 9, withdraw: 7 },
  5: { resume: R, respond_supplement: R, apologise: 5, stop: 8, withdraw: 7 },
  6: { resume: R, apologise: 6, stop: 8, withdraw: 7 },
  7: {},
  8: {},
  9: { return_result: 10 },
  10: {},
};

describe('state machine: every (status, action) pair', () => {
  for (const status of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as DossierStatus[]) {
    for (const action of ACTIONS) {
      const expected = EXPECTED[status][action];
      if (expected === undefined) {
        it(`${status} × ${action} → 409 ACTION_NOT_ALLOWED listing the allowed actions`, () => {
          assert.throws(
            () => nextStatus(status, action, { received: true }),
            (error: unknown) => {
              assert.ok(error instanceof ActionConflict);
              assert.equal(error.code, 'ACTION_NOT_ALLOWED');
              assert.equal(error.status, 409);
              assert.equal(error.currentStatus, status);
              assert.deepEqual([...error.allowedActions].sort(), Object.keys(EXPECTED[status]).sort());
              return true;
            },
          );
        });
      } else if (expected === R) {
        it(`${status} × ${action} → 4 when received, 1 when not yet received`, () => {
          assert.equal(nextStatus(status, action, { received: true }), 4);
          assert.equal(nextStatus(status, action, { received: false }), 1);
        });
      } else {
        it(`${status} × ${action} → ${expected}`, () => {
          assert.equal(nextStatus(status, action, { received: true }), expected);
          assert.equal(nextStatus(status, action, { received: false }), expected);
        });
      }
    }
  }

  it('actionsInStatus lists exactly the permitted actions of each status', () => {
    for (const status of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as DossierStatus[]) {
      assert.deepEqual([...actionsInStatus(status)].sort(), Object.keys(EXPECTED[status]).sort(), `status ${status}`);
    }
  });
});

const steps = defaultWorkflow({ value: 10, unit: 'working_days' });
const stepState = (position: number) => {
  const step = steps.find((s) => s.position === position)!;
  return { position, name: step.name, role: step.role, actions: step.actions };
};
const state = (status: DossierStatus, position: number | null, extra: Partial<DossierState> = {}): DossierState => ({
  status,
  received: status !== 1,
  step: position === null ? null : stepState(position),
  hasNextStep: position !== null && !!nextStepOf(steps, position),
  hasPreviousStep: position !== null && position > 1,
  ...extra,
});
const officer = (...roles: Array<'receptionist' | 'specialist' | 'department_head' | 'agency_leader'>): Who => ({ kind: 'officer', rolesOnAgency: roles, rolesOnStep: roles });
const sorted = (a: readonly string[]) => [...a].sort();

describe('who may act', () => {
  it('the receptionist accepts, refuses, requests a supplement or records a withdrawal of a new dossier', () => {
    assert.deepEqual(sorted(allowedActions(state(1, null), officer('receptionist'))), sorted(['accept', 'refuse', 'request_supplement', 'withdraw']));
  });

  it('a specialist cannot act on a new dossier (reception first)', () => {
    assert.deepEqual(allowedActions(state(1, null), officer('specialist')), []);
    assert.throws(() => decide(state(1, null), officer('specialist'), 'accept'), (e: unknown) => e instanceof ActionConflict && e.code === 'ACTION_FORBIDDEN' && e.status === 403);
  });

  it('at the specialist step: forward, send back, supplement, payment, apology, stop for the specialist only', () => {
    const s = state(4, 2);
    assert.deepEqual(sorted(allowedActions(s, officer('specialist'))), sorted(['forward', 'send_back', 'request_supplement', 'request_payment', 'apologise', 'stop', 'withdraw']));
    assert.deepEqual(sorted(allowedActions(s, officer('department_head'))), []);
    // The leader of the agency may always apologise or stop.
    assert.deepEqual(sorted(allowedActions(s, officer('agency_leader'))), sorted(['apologise', 'stop']));
  });

  it('the agency leader records the result at the last step; forward is not offered there (the next step is the result return)', () => {
    const s = state(4, 4);
    assert.equal(s.hasNextStep, false);
    const allowed = allowedActions(s, officer('agency_leader'));
    assert.ok(allowed.includes('record_result'));
    assert.ok(!allowed.includes('forward'));
    assert.ok(allowed.includes('send_back'));
  });

  it('the receptionist returns the result', () => {
    assert.deepEqual(allowedActions(state(9, 5), officer('receptionist')), ['return_result']);
    assert.deepEqual(allowedActions(state(9, null), officer('specialist')), []);
  });

  it('an inter-agency step: roles on the step agency count, roles on the dossier agency do not', () => {
    const s = state(4, 2);
    const other: Who = { kind: 'officer', rolesOnAgency: [], rolesOnStep: ['specialist'] };
    assert.ok(allowedActions(s, other).includes('forward'));
    const home: Who = { kind: 'officer', rolesOnAgency: ['specialist'], rolesOnStep: [] };
    assert.ok(!allowedActions(s, home).includes('forward'));
  });

  it('the applicant withdraws their own dossier and answers a supplement request; nothing else', () => {
    assert.deepEqual(allowedActions(state(5, 2), { kind: 'applicant', own: true }).sort(), ['respond_supplement', 'withdraw']);
    assert.deepEqual(allowedActions(state(4, 2), { kind: 'applicant', own: true }), ['withdraw']);
    assert.deepEqual(allowedActions(state(6, 2), { kind: 'applicant', own: true }), ['withdraw']);
    assert.deepEqual(allowedActions(state(4, 2), { kind: 'applicant', own: false }), []);
    assert.deepEqual(allowedActions(state(9, 5), { kind: 'applicant', own: true }), []);
  });

  it('resume of a paused dossier: the holder of the step or the reception', () => {
    assert.ok(allowedActions(state(5, 2), officer('specialist')).includes('resume'));
    assert.ok(allowedActions(state(6, 2), officer('receptionist')).includes('resume'));
    assert.ok(!allowedActions(state(5, 2), officer('department_head')).includes('resume'));
    // A supplement requested before reception (no step): the reception resumes.
    assert.ok(allowedActions(state(5, null, { received: false }), officer('receptionist')).includes('resume'));
  });

  it('decide: the status check comes first (409), then who acts (403)', () => {
    assert.throws(() => decide(state(9, 5), officer('specialist'), 'forward'), (e: unknown) => e instanceof ActionConflict && e.code === 'ACTION_NOT_ALLOWED');
    assert.equal(decide(state(4, 2), officer('specialist'), 'forward'), 4);
    assert.equal(decide(state(5, 2, { received: false }), { kind: 'applicant', own: true }, 'respond_supplement'), 1);
  });
});

describe('timeliness and grading', () => {
  // due: 17:00 on 20/11/2026 in Vietnam = 10:00Z.
  const due = new Date('2026-11-20T10:00:00Z');
  const cases: Array<[string, string, string]> = [
    ['2026-11-19T16:59:00Z', 'early', 'the day before in Vietnam (23:59)'],
    ['2026-11-19T17:00:00Z', 'on_time', '00:00 of the due day in Vietnam'],
    ['2026-11-20T09:00:00Z', 'on_time', 'due day, before the due instant'],
    ['2026-11-20T12:00:00Z', 'on_time', 'due day, after the due instant (days are compared)'],
    ['2026-11-20T17:00:00Z', 'late', 'the next day in Vietnam'],
  ];
  for (const [finished, expected, why] of cases) {
    it(`timeliness: ${why} → ${expected}`, () => assert.equal(timeliness(new Date(finished), due), expected));
  }

  it('gradeStep: after the due instant is late even on the same day (budgets in hours)', () => {
    assert.equal(gradeStep(new Date('2026-11-20T12:00:00Z'), due), 'late');
    assert.equal(gradeStep(new Date('2026-11-20T09:59:00Z'), due), 'on_time');
    assert.equal(gradeStep(new Date('2026-11-19T09:59:00Z'), due), 'early');
    assert.equal(gradeStep(new Date('2026-11-19T09:59:00Z'), null), null);
  });

  it('dueCategory: overdue, today, soon, later', () => {
    const now = new Date('2026-11-20T02:00:00Z'); // 09:00 Friday in Vietnam
    const soon = new Date('2026-11-24T10:00:00Z'); // two working days later, 17:00
    assert.equal(dueCategory(new Date('2026-11-20T01:00:00Z'), now, soon), 'overdue');
    assert.equal(dueCategory(due, now, soon), 'today');
    assert.equal(dueCategory(new Date('2026-11-23T10:00:00Z'), now, soon), 'soon');
    assert.equal(dueCategory(new Date('2026-11-25T10:00:00Z'), now, soon), 'later');
    assert.equal(dueCategory(null, now, soon), null);
  });
});

describe('apology (form 04)', () => {
  const appointment = new Date('2026-11-20T10:00:00Z');
  const current = { appointmentAt: appointment, dueAt: appointment };
  const before = new Date('2026-11-19T03:00:00Z');

  it('accepted before the appointment with a later date and a reason', () => {
    assert.doesNotThrow(() => checkApology({ reason: 'Cần xác minh thêm', newAppointment: new Date('2026-11-27T10:00:00Z') }, current, before));
  });

  it('after the appointment → 409 APOLOGY_TOO_LATE', () => {
    assert.throws(
      () => checkApology({ reason: 'x', newAppointment: new Date('2026-11-27T10:00:00Z') }, current, new Date('2026-11-20T10:00:00Z')),
      (e: unknown) => e instanceof DomainError && e.code === 'APOLOGY_TOO_LATE' && e.status === 409,
    );
  });

  it('a new date not after the old one → 422 on /newAppointment; a missing reason → 422 on /reason (both at once)', () => {
    assert.throws(
      () => checkApology({ reason: '  ', newAppointment: new Date('2026-11-19T10:00:00Z') }, current, before),
      (e: unknown) => {
        assert.ok(e instanceof DomainError);
        assert.equal(e.code, 'VALIDATION_FAILED');
        assert.deepEqual(e.fieldErrors.map((f) => `${f.path} ${f.code}`).sort(), ['/newAppointment APOLOGY_DATE_NOT_LATER', '/reason required']);
        return true;
      },
    );
    assert.throws(() => checkApology({ reason: 'x', newAppointment: appointment }, current, before), (e: unknown) => e instanceof DomainError && e.fieldErrors[0]?.path === '/newAppointment');
  });
});

describe('supplement list', () => {
  it('trims, drops blanks and repeats', () => {
    assert.deepEqual(supplementItems([' Bản sao CCCD ', '', 'bản sao cccd', 'Tờ khai  có chữ ký']), ['Bản sao CCCD', 'Tờ khai có chữ ký']);
  });
  it('no items (or only blanks) → 422 on /items', () => {
    for (const items of [[], ['  '], undefined, null]) {
      assert.throws(() => supplementItems(items), (e: unknown) => e instanceof DomainError && e.code === 'VALIDATION_FAILED' && e.fieldErrors[0]?.code === 'SUPPLEMENT_ITEMS_REQUIRED');
    }
  });
});

describe('workflow budgets', () => {
  const limit = { value: 10, unit: 'working_days' as const };
  const step = (value: unknown, unit: unknown = 'working_days') => ({ name: 'Bước', role: 'specialist', budget: { value, unit }, actions: ['forward'] });

  it('budgets adding up to the limit: no warning', () => {
    assert.deepEqual(checkWorkflow([step(4), step(8, 'half_days'), step(16, 'hours')], limit), { errors: [], warning: null });
  });

  it('a difference is a warning with both sums in working days', () => {
    assert.deepEqual(checkWorkflow([step(4), step(3)], limit), { errors: [], warning: { sumWorkingDays: 7, limitWorkingDays: 10 } });
  });

  it('negative, non-number, NaN and infinite budgets are rejected; bad unit, role, action and name too', () => {
    const { errors } = checkWorkflow(
      [step(-1), step('5'), step(Number.NaN), step(Number.POSITIVE_INFINITY), step(1, 'weeks'), { name: '', role: 'boss', budget: { value: 1, unit: 'hours' }, actions: ['fly'] }],
      limit,
    );
    assert.deepEqual(
      errors.map((e) => `${e.path} ${e.code}`),
      [
        '/steps/0/budget/value WORKFLOW_BUDGET_INVALID',
        '/steps/1/budget/value WORKFLOW_BUDGET_INVALID',
        '/steps/2/budget/value WORKFLOW_BUDGET_INVALID',
        '/steps/3/budget/value WORKFLOW_BUDGET_INVALID',
        '/steps/4/budget/unit WORKFLOW_UNIT_INVALID',
        '/steps/5/name required',
        '/steps/5/role WORKFLOW_ROLE_INVALID',
        '/steps/5/actions WORKFLOW_ACTION_INVALID',
      ],
    );
  });

  it('no steps → error', () => {
    assert.equal(checkWorkflow([], limit).errors[0]?.code, 'WORKFLOW_STEPS_REQUIRED');
  });

  for (const l of [
    { value: 1, unit: 'working_days' as const },
    { value: 3, unit: 'working_days' as const },
    { value: 15, unit: 'working_days' as const },
    { value: 2.5, unit: 'working_days' as const },
    { value: 7, unit: 'half_days' as const },
    { value: 4, unit: 'hours' as const },
    { value: 10, unit: 'hours' as const },
  ]) {
    it(`default workflow for ${l.value} ${l.unit}: five steps whose budgets add up to the limit`, () => {
      const wf = defaultWorkflow(l);
      assert.deepEqual(wf.map((s) => s.role), ['receptionist', 'specialist', 'department_head', 'agency_leader', 'receptionist']);
      assert.ok(wf.every((s) => s.budget.value >= 0));
      const sum = wf.reduce((a, s) => a + inWorkingDays(s.budget), 0);
      assert.ok(Math.abs(sum - inWorkingDays(l)) < 1e-9, `sum ${sum}`);
      assert.equal(checkWorkflow(wf, l).warning, null);
    });
  }

  it('same-day procedures: every budget is 0', () => {
    assert.ok(defaultWorkflow({ value: 0, unit: 'working_days', sameDay: true }).every((s) => s.budget.value === 0));
  });

  it('the result-return step is not a forward target; record_result opens it', () => {
    assert.equal(nextStepOf(steps, 3)?.position, 4);
    assert.equal(nextStepOf(steps, 4), null);
    assert.equal(returnStepAfter(steps, 4)?.position, 5);
  });

  it('calendarLimit maps a time limit to the calendar input', () => {
    assert.deepEqual(calendarLimit({ value: 15, unit: 'working_days' }), { workingDays: 15 });
    assert.deepEqual(calendarLimit({ value: 1.5, unit: 'working_days' }), { halfDays: 3 });
    assert.deepEqual(calendarLimit({ value: 3, unit: 'half_days' }), { halfDays: 3 });
    assert.deepEqual(calendarLimit({ value: 4, unit: 'hours' }), { workingHours: 4 });
    assert.deepEqual(calendarLimit({ value: 4, unit: 'hours', sameDay: true }), { workingDays: 0 });
  });
});
