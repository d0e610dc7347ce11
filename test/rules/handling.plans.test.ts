// The pure planners (handling.plans.ts): facts in, a typed transition out — no database, no clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.ts';
import { defaultWorkflow } from '../../src/modules/handling/handling.rules.ts';
import { forwardTarget, parseAppointment, planTransition, sendBackTarget, type HandOver, type PlanFacts } from '../../src/modules/handling/handling.plans.ts';

const NOW = new Date('2026-11-18T02:00:00Z');
const DUE = new Date('2026-12-09T10:00:00Z');
const STEPS = defaultWorkflow({ value: 15, unit: 'working_days' });
const AGENCY = '00000000-0000-4000-8000-000000000001';
const OFFICER = '00000000-0000-4000-8000-0000000000aa';

function facts(overrides: Partial<PlanFacts>): PlanFacts {
  return {
    action: 'accept',
    next: 2,
    now: NOW,
    dossier: {
      id: '00000000-0000-4000-8000-0000000000d1',
      code: 'X-261118-0001',
      agency_id: AGENCY,
      applicant_id: '00000000-0000-4000-8000-0000000000c1',
      status: 1,
      received_at: null,
      due_at: null,
      appointment_at: null,
      paused_at: null,
      fee_vnd: null,
      fees: [{ description: 'A', amountVnd: 200_000 }, { description: 'B', amountVnd: 100_000 }],
    },
    open: null,
    position: null,
    steps: STEPS,
    actor: { id: OFFICER, kind: 'staff', departmentId: 'dep-1', roles: ['receptionist'] },
    input: {},
    ...overrides,
  };
}

function handOver(position: number, extra: Partial<HandOver> = {}): HandOver {
  const step = STEPS.find((s) => s.position === position)!;
  return { position, name: step.name, role: step.role, agencyId: AGENCY, departmentId: null, departmentName: null, assigneeId: null, dueAt: DUE, ...extra };
}

describe('planTransition', () => {
  it('accept and request_payment: the fee computed from the version\'s fee rules (a fact) wins over the lowest listed fee; an amount given wins over both', () => {
    assert.equal(planTransition(facts({ dueAt: DUE, handOver: handOver(1), computedFeeVnd: 310_000 })).dossier.fee_vnd, 310_000);
    assert.equal(planTransition(facts({ dueAt: DUE, handOver: handOver(1), computedFeeVnd: 0 })).dossier.fee_vnd, 0, 'all exempt');
    const received = { ...facts({}).dossier, status: 2 as const, received_at: NOW, due_at: DUE, fee_vnd: '100000' };
    const ask = (input: PlanFacts['input'], computedFeeVnd?: number) =>
      planTransition(facts({ action: 'request_payment', next: 6, dossier: received, position: 1, open: { id: 's1', due_at: DUE }, input, computedFeeVnd }));
    assert.equal(ask({}, 310_000).dossier.fee_vnd, 310_000);
    assert.equal((ask({}, 310_000).event.message.params as { amountVnd?: number }).amountVnd, 310_000);
    assert.equal(ask({ amountVnd: 50_000 }, 310_000).dossier.fee_vnd, 50_000);
    assert.equal('fee_vnd' in ask({}).dossier, false, 'no rules, no amount: what accept set stays');
  });

  it('record_result never writes electronic_result (a signed result, src/modules/results, does), even with a result file', () => {
    for (const input of [{}, { resultFileName: 'ket-qua.pdf' }]) {
      const t = planTransition(
        facts({
          action: 'record_result',
          next: 9,
          dossier: { ...facts({}).dossier, status: 4, received_at: NOW, due_at: DUE, electronic_result: false },
          position: 4,
          open: { id: 's4', due_at: DUE },
          actor: { id: OFFICER, kind: 'staff', departmentId: null, roles: ['agency_leader'] },
          handOver: handOver(5),
          input,
        }),
      );
      assert.equal(t.status, 9);
      assert.equal('electronic_result' in t.dossier, false);
      assert.equal('electronicResult' in t.audit, false);
    }
  });

  it('accept: received now, deadline and appointment from the calendar, the lowest fee, the first step opened for the receptionist in their department', () => {
    const t = planTransition(facts({ dueAt: DUE, handOver: handOver(1) }));
    assert.equal(t.status, 2);
    assert.deepEqual(t.dossier, { received_at: NOW, due_at: DUE, appointment_at: DUE, fee_vnd: 100_000, current_step: 1, department_id: 'dep-1', assignee_id: OFFICER });
    assert.equal(t.openStep?.assigneeId, OFFICER);
    assert.equal(t.openStep?.departmentId, 'dep-1');
    assert.equal(t.closeStep, null);
    assert.equal(t.pause, null);
    assert.equal(t.event.legalEnd, DUE);
    assert.equal(t.message.status, 2);
    assert.equal(t.message.previousStatus, 1);
    assert.equal(t.message.dueAt, DUE.toISOString());
    assert.deepEqual(t.audit, { code: 'X-261118-0001', from: 1, to: 2, dueAt: DUE.toISOString(), feeVnd: 100_000 });
  });

  it('forward: closes the open row (graded), opens the target with the department named in the history', () => {
    const open = { id: '7', due_at: new Date('2026-11-17T10:00:00Z') };
    const t = planTransition(
      facts({
        action: 'forward',
        next: 4,
        dossier: { ...facts({}).dossier, status: 2, received_at: NOW, due_at: DUE, appointment_at: DUE },
        open,
        position: 1,
        input: { note: '  xem gấp ' },
        handOver: handOver(2, { departmentId: 'dep-2', departmentName: 'Phòng Quản trị' }),
      }),
    );
    assert.deepEqual(t.dossier, { current_step: 2, department_id: 'dep-2', assignee_id: null });
    assert.deepEqual(t.closeStep, { id: '7', result: 'late', outcome: 'forward', note: 'xem gấp' });
    assert.equal(t.openStep?.position, 2);
    assert.equal('departmentName' in t.openStep!, false);
    assert.match(t.event.content, /\(Phòng Quản trị\)\. xem gấp$/);
    // The history event is data (rendered in the reader's language); `content` is its Vietnamese text.
    assert.deepEqual(t.event.message, { key: 'timeline.forward', params: { step: STEPS.find((s) => s.position === 2)!.name, department: 'Phòng Quản trị', note: 'xem gấp' } });
    assert.deepEqual(t.message.event, t.event.message);
    assert.equal(t.event.legalEnd, DUE);
  });

  it('request_supplement: pauses with the consolidated list; refuse without reasons: 422 on /reasons', () => {
    const t = planTransition(facts({ action: 'request_supplement', next: 5, input: { items: [' CCCD ', 'cccd', ''] } }));
    assert.deepEqual(t.dossier, { paused_at: NOW });
    assert.deepEqual(t.pause, { kind: 'supplement', reason: 'CCCD' });
    assert.throws(
      () => planTransition(facts({ action: 'refuse', next: 3, input: { reasons: [' '] } })),
      (e: unknown) => e instanceof DomainError && e.code === 'VALIDATION_FAILED' && e.fieldErrors?.[0]?.path === '/reasons',
    );
  });

  it('resume: the deadline moves; an appointment the applicant was told that is later stays; the open row gets its new due instant', () => {
    const later = new Date('2026-12-20T10:00:00Z');
    const moved = new Date('2026-12-10T10:00:00Z');
    const base = facts({}).dossier;
    const t = planTransition(
      facts({
        action: 'resume',
        next: 4,
        dossier: { ...base, status: 5, received_at: NOW, due_at: DUE, appointment_at: later, paused_at: NOW },
        open: { id: '9', due_at: DUE },
        position: 2,
        dueAt: moved,
        openStepDue: moved,
      }),
    );
    assert.deepEqual(t.dossier, { paused_at: null, due_at: moved, appointment_at: later });
    assert.equal(t.closePause, true);
    assert.deepEqual(t.stepDue, { id: '9', dueAt: moved });
    assert.equal(t.message.appointmentAt, later.toISOString());
  });

  it('stop finishes now and closes the pause and the open row; return_result without a method: 422 on /method', () => {
    const t = planTransition(facts({ action: 'stop', next: 8, open: { id: '3', due_at: null }, input: { reason: 'Hết thẩm quyền' } }));
    assert.deepEqual(t.dossier, { finished_at: NOW, paused_at: null });
    assert.equal(t.closePause, true);
    assert.deepEqual(t.closeStep, { id: '3', result: null, outcome: 'stop', note: 'Hết thẩm quyền' });
    assert.throws(() => planTransition(facts({ action: 'return_result', next: 10 })), (e: unknown) => e instanceof DomainError && e.fieldErrors?.[0]?.path === '/method');
  });
});

describe('targets and appointments', () => {
  it('forward goes to the next step, never to the result-return step; send_back needs a reason and an earlier step', () => {
    assert.equal(forwardTarget(STEPS, 1, undefined).position, 2);
    assert.throws(() => forwardTarget(STEPS, 4, undefined), (e: unknown) => e instanceof DomainError && e.fieldErrors?.[0]?.code === 'WORKFLOW_STEP_UNKNOWN');
    assert.throws(() => forwardTarget(STEPS, 1, 5), (e: unknown) => e instanceof DomainError && e.fieldErrors?.[0]?.code === 'WORKFLOW_STEP_IS_RETURN');
    // Named, the next step is accepted; a later one (skipping a step) or an earlier one is not.
    assert.equal(forwardTarget(STEPS, 1, 2).position, 2);
    for (const [from, to] of [[1, 3], [1, 4], [3, 1], [2, 4]] as const) {
      assert.throws(
        () => forwardTarget(STEPS, from, to),
        (e: unknown) => e instanceof DomainError && e.fieldErrors?.[0]?.code === 'WORKFLOW_STEP_NOT_NEXT' && e.fieldErrors[0].params?.next === `${from + 1}. ${STEPS[from]!.name}`,
        `${from} → ${to}`,
      );
    }
    assert.equal(sendBackTarget(STEPS, 3, { reason: 'x' }).target.position, 2);
    assert.throws(() => sendBackTarget(STEPS, 3, { reason: ' ' }), (e: unknown) => e instanceof DomainError && e.fieldErrors?.[0]?.path === '/reason');
    assert.throws(() => sendBackTarget(STEPS, 3, { reason: 'x', toStep: 3 }), (e: unknown) => e instanceof DomainError && e.fieldErrors?.[0]?.code === 'WORKFLOW_STEP_NOT_BEFORE');
  });

  it('parseAppointment: a day → its closing time in Vietnam; an ISO instant; anything else null', () => {
    assert.equal(parseAppointment('2026-12-15', 17 * 60)?.toISOString(), '2026-12-15T10:00:00.000Z');
    assert.equal(parseAppointment('2026-12-15T08:00:00+07:00', 0)?.toISOString(), '2026-12-15T01:00:00.000Z');
    assert.equal(parseAppointment('2026-02-30', 0), null);
    assert.equal(parseAppointment('15/12/2026', 0), null);
  });
});
