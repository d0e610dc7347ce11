// The demo's year of history (issue 16, src/seed/year.ts): generated into a test database (the demo template,
// with the demo fees), then checked row by row against the rules it claims to follow — every dossier's history
// replays through the state machine along its version's workflow, the national statuses and channels are valid,
// the deadlines are the statutory clock's, the late ones are late by it — and the reports service's figures over
// the year agree with the rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestContext } from '../helpers/db.ts';
import { seedDemoFees } from '../../src/seed/fees.ts';
import { DEMO_YEAR_ACTION, hasDemoYear, seedDemoYear } from '../../src/seed/year.ts';
import { calendarLimit, FROM_STATUSES, isAction, nextStatus, timeliness } from '../../src/modules/handling/handling.rules.ts';
import { HandlingRepository } from '../../src/modules/handling/handling.repository.ts';
import { WorkflowsService } from '../../src/modules/handling/handling.workflows.ts';
import { eventMessageOf, renderEvent } from '../../src/modules/kernel/timeline.ts';
import { vietnamDayNumber } from '../../src/core/time.ts';
import { invariantProblems } from '../../src/modules/reports/reports.rules.ts';
import type { DossierStatus } from '../../src/db/schema.ts';
import { EFormValidator } from '../../src/modules/dossiers/dossiers.eform.ts';
import { resolveForm } from '../../src/modules/catalog/catalog.eform.ts';

const NOW = new Date('2026-11-20T04:00:00Z');
const COUNT = 1500;
const INTAKE: Record<number, string> = { 1: 'counter_intake', 2: 'submit', 3: 'counter_intake', 4: 'national_portal_intake' };

describe('the demo year of history', async () => {
  const ctx = await createTestContext({ demo: true });
  await seedDemoFees(ctx);
  const before = await ctx.db.selectFrom('dossiers').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const year = await seedDemoYear(ctx, { now: NOW, count: COUNT });

  const dossiers = await ctx.db.selectFrom('dossiers').selectAll().execute();
  const events = await ctx.db.selectFrom('dossier_events').selectAll().orderBy('dossier_id').orderBy('at').orderBy('id').execute();
  const steps = await ctx.db.selectFrom('dossier_steps').selectAll().orderBy('dossier_id').orderBy('started_at').orderBy('id').execute();
  const pauses = await ctx.db.selectFrom('dossier_pauses').selectAll().execute();
  const byDossier = <T extends { dossier_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(r.dossier_id, [...(map.get(r.dossier_id) ?? []), r]);
    return map;
  };
  const eventsOf = byDossier(events);
  const stepsOf = byDossier(steps);
  const pausesOf = byDossier(pauses);

  it('writes the year once: every dossier, and nothing the second time', async () => {
    assert.ok(year);
    assert.equal(year.dossiers, COUNT);
    assert.equal(before.n, 0, 'the demo template has no dossier');
    assert.equal(dossiers.length, COUNT);
    assert.ok(await hasDemoYear(ctx.db));
    assert.equal(await seedDemoYear(ctx, { now: NOW, count: COUNT }), null);
    const after = await ctx.db.selectFrom('dossiers').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n + COUNT);
    const audit = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', DEMO_YEAR_ACTION).execute();
    assert.equal(audit.length, 1);
  });

  it('lies within the 12 months before now, with valid national statuses, channels and codes', () => {
    for (const d of dossiers) {
      assert.ok(d.submitted_at! <= NOW && d.submitted_at!.getTime() > NOW.getTime() - 366 * 86_400_000, d.code!);
      assert.ok(d.status !== null && d.status >= 1 && d.status <= 10);
      assert.ok([1, 2, 3, 4].includes(d.channel));
      assert.equal(d.source, d.channel === 2 ? 'portal' : d.channel === 4 ? 'national_portal' : 'counter');
      assert.match(d.code!, /^[0-9A-Z.]+-\d{6}-\d{4}$/);
      if (d.applicant_kind === 'citizen') assert.match(d.applicant_id_number!, /^\d{12}$/);
    }
  });

  it('has the mix of a real year: every channel, statuses from received to returned, late, overdue now, paid, rated', async () => {
    const count = (f: (d: (typeof dossiers)[number]) => boolean) => dossiers.filter(f).length;
    for (const channel of [1, 2, 3, 4]) assert.ok(count((d) => d.channel === channel) > 0, `channel ${channel}`);
    for (const status of [3, 4, 5, 7, 8, 9, 10] as const) assert.ok(count((d) => d.status === status) > 0, `status ${status}`);
    const returned = count((d) => d.status === 10);
    assert.ok(returned > COUNT * 0.6, `returned ${returned}`);
    const late = count((d) => d.timeliness === 'late');
    assert.ok(late > COUNT * 0.02 && late < COUNT * 0.15, `late ${late}`);
    assert.ok(count((d) => (d.status === 2 || d.status === 4) && d.due_at! < NOW) > 0, 'overdue now');
    assert.ok(count((d) => (d.status === 2 || d.status === 4) && d.due_at! >= NOW) > 0, 'in progress within the deadline');
    const orders = await ctx.db.selectFrom('payment_orders').selectAll().where('status', '=', 'paid').execute();
    assert.ok(orders.length > 0, 'payments');
    const paid = new Set(dossiers.filter((d) => d.paid_online).map((d) => d.id));
    assert.deepEqual(new Set(orders.map((o) => o.dossier_id)), paid, 'paid online ⇔ a paid order');
    for (const o of orders) {
      const d = dossiers.find((x) => x.id === o.dossier_id)!;
      assert.equal(Number(o.amount_vnd), Number(d.fee_vnd));
      assert.equal(o.lines.reduce((sum, l) => sum + l.amountVnd, 0), Number(o.amount_vnd), 'the lines add up to the amount');
      assert.match(o.order_no, /^[A-Z0-9]{6,40}$/);
      assert.ok(o.receipt_no! > 0 && o.receipt_year! >= 2025);
      assert.ok(o.paid_at! >= o.created_at && o.paid_at! <= NOW);
      // Paid before the dossier was submitted (fees charged before submission), or while it waited for them (6 → 4).
      const history = eventsOf.get(d.id)!;
      const submitPaid = history[0]!.message && (history[0]!.message as { key: string }).key === 'timeline.submitPaid';
      assert.ok(submitPaid || history.some((e) => e.action === 'resume' && e.at.getTime() === o.paid_at!.getTime()), d.code!);
    }
    const receipts = await ctx.db.selectFrom('payment_receipt_counters').selectAll().execute();
    for (const c of receipts) assert.equal(c.last, Math.max(...orders.filter((o) => o.agency_id === c.agency_id && o.receipt_year === c.year).map((o) => o.receipt_no!)));
    const ratings = await ctx.db.selectFrom('dossier_ratings').selectAll().execute();
    const answers = await ctx.db.selectFrom('dossier_rating_answers').selectAll().execute();
    assert.ok(ratings.length > 0, 'ratings');
    for (const r of ratings) {
      const d = dossiers.find((x) => x.id === r.dossier_id)!;
      assert.equal(d.status, 10);
      assert.equal(r.account_id, d.applicant_id);
      assert.ok(r.created_at >= d.returned_at!);
      assert.equal(answers.filter((a) => a.dossier_id === r.dossier_id).reduce((sum, a) => sum + a.score, 0), r.score);
    }
    // Applicants are generated people, never the demo citizen.
    const congdan = await ctx.db.selectFrom('accounts').select('id').where('username', '=', 'demo.congdan').executeTakeFirstOrThrow();
    assert.equal(count((d) => d.applicant_id === congdan.id), 0);
  });

  it("replays every dossier's history through the state machine along its version's workflow", async () => {
    const workflows = new WorkflowsService(ctx.db, ctx.services.agencies, ctx.services.audit, new HandlingRepository());
    const workflowOf = new Map<string, Awaited<ReturnType<typeof workflows.workflowFor>>>();
    for (const d of dossiers) {
      const history = eventsOf.get(d.id) ?? [];
      assert.ok(history.length >= 1, d.code!);
      const [first, ...rest] = history;
      assert.equal(first!.action, INTAKE[d.channel], d.code!);
      assert.equal(first!.status, 1);
      let status = 1 as DossierStatus;
      let received = false;
      let handOvers = 0;
      for (const e of rest) {
        assert.ok(isAction(e.action), `${d.code}: ${e.action}`);
        assert.ok(FROM_STATUSES[e.action as keyof typeof FROM_STATUSES].includes(status), `${d.code}: ${e.action} from ${status}`);
        const next = nextStatus(status, e.action as never, { received });
        assert.equal(e.status, next, `${d.code}: ${e.action} from ${status}`);
        if (e.action === 'accept') received = true;
        if (['accept', 'forward', 'send_back', 'record_result'].includes(e.action)) handOvers++;
        status = next;
      }
      assert.equal(status, d.status, d.code!);
      for (const e of history) {
        const message = eventMessageOf(e.message);
        assert.ok(message, `${d.code}: a message key`);
        assert.equal(e.content, renderEvent({ message: e.message, content: null }, 'vi'));
      }
      // The control sheet: one row per hand-over, each a step of the version's workflow, all closed but the current one.
      if (!workflowOf.has(d.procedure_version_id)) workflowOf.set(d.procedure_version_id, await workflows.workflowFor(d.procedure_version_id));
      const wf = workflowOf.get(d.procedure_version_id)!;
      const rows = stepsOf.get(d.id) ?? [];
      assert.equal(rows.length, handOvers, d.code!);
      for (const row of rows) {
        const step = wf.rules.find((s) => s.position === row.position);
        assert.ok(step, `${d.code}: step ${row.position}`);
        assert.deepEqual([row.name, row.role], [step.name, step.role]);
        // Opened by the hand-over of the same instant; a forward or a send-back names the step it went to.
        const by = history.find((e) => e.at.getTime() === row.started_at.getTime() && ['accept', 'forward', 'send_back', 'record_result'].includes(e.action));
        assert.ok(by, `${d.code}: the hand-over to ${row.name}`);
        if (by.action === 'forward' || by.action === 'send_back') assert.equal((by.message as unknown as { params: { step: string } }).params.step, row.name);
        if (by.action === 'accept') assert.equal(row.position, wf.rules[0]!.position);
      }
      // Chronological, each row closed when the next opened.
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i - 1]!.finished_at!.getTime(), rows[i]!.started_at.getTime(), d.code!);
      const open = rows.filter((r) => r.finished_at === null);
      assert.ok(open.length <= 1);
      if (open.length) assert.equal(d.current_step, open[0]!.position);
      if ([3, 7, 8, 10].includes(d.status!)) assert.equal(open.length, 0, d.code!);
    }
  });

  it('takes its deadlines from the statutory clock, and grades the results by it', async () => {
    const versions = new Map((await ctx.db.selectFrom('procedure_versions').select(['id', 'time_limit_value', 'time_limit_unit', 'same_day']).execute()).map((v) => [v.id, v]));
    let checked = 0;
    for (const d of dossiers) {
      if (!d.received_at) {
        assert.equal(d.due_at, null);
        continue;
      }
      const v = versions.get(d.procedure_version_id)!;
      const closed = (pausesOf.get(d.id) ?? []).filter((p) => p.ended_at).map((p) => ({ from: p.started_at, to: p.ended_at! }));
      const due = await ctx.services.calendar.due({ from: d.received_at, agencyId: d.agency_id, pauses: closed, ...calendarLimit({ value: Number(v.time_limit_value), unit: v.time_limit_unit, sameDay: v.same_day }) });
      assert.equal(d.due_at!.getTime(), due.at, d.code!);
      if (d.status === 9 || d.status === 10) {
        assert.equal(d.timeliness, timeliness(d.finished_at!, d.due_at!), d.code!);
        if (d.timeliness === 'late') assert.ok(vietnamDayNumber(d.finished_at!) > vietnamDayNumber(d.due_at!));
      } else assert.equal(d.timeliness, null);
      checked++;
    }
    assert.ok(checked > COUNT * 0.9);
  });

  it("writes e-form data that validates against each version's own e-form (as submission would)", async () => {
    const versions = new Map((await ctx.db.selectFrom('procedure_versions').select(['id', 'form_schema', 'form_ui']).execute()).map((v) => [v.id, { ...v, resolved: v.form_schema ? resolveForm(v.form_schema, v.form_ui) : null }]));
    const validator = new EFormValidator();
    let own = 0;
    for (const d of dossiers) {
      const v = versions.get(d.procedure_version_id)!;
      if (!v.form_schema) continue;
      own++;
      const errors = validator.errors(v.resolved!, d.applicant_kind, d.form_data);
      assert.deepEqual(errors, [], `${d.code}: ${JSON.stringify(d.form_data)}`);
    }
    assert.ok(own > COUNT * 0.3, `dossiers with an own e-form: ${own}`);
    assert.equal(year!.eforms, own);
    // Not the generic block: answers beyond the applicant's identification (choices, dates, groups…).
    const generic = new Set(['fullName', 'personalId', 'organisationName', 'taxCode', 'phone', 'email', 'address', 'requestContent']);
    assert.ok(dossiers.filter((d) => versions.get(d.procedure_version_id)!.form_schema && Object.keys(d.form_data).some((k) => !generic.has(k))).length > own * 0.9);
  });

  it('attaches documents (one stored demo PDF), signs some results and sends some by post', async () => {
    const files = await ctx.db.selectFrom('dossier_files').select(['dossier_id', 'file_id']).execute();
    assert.ok(files.length > COUNT, `document rows ${files.length}`);
    assert.equal(new Set(files.map((f) => f.file_id)).size, 1, 'every attachment is the one demo PDF');
    const opened = await ctx.services.files.open(files[0]!.file_id);
    assert.ok(opened);
    const scan = Buffer.concat(await opened.stream.toArray());
    assert.equal(scan.subarray(0, 8).toString('latin1'), '%PDF-1.4');
    const withFiles = new Set(files.map((f) => f.dossier_id));
    for (const d of dossiers) if (d.digitised) assert.ok(withFiles.has(d.id) && (d.channel === 1 || d.channel === 3), `${d.code}: digitised with scans, at the counter`);
    assert.ok(dossiers.some((d) => d.digitised));

    const results = await ctx.db.selectFrom('dossier_results').selectAll().execute();
    assert.ok(results.length > 0, 'signed results');
    assert.equal(year!.results, results.length);
    const electronic = new Set(dossiers.filter((d) => d.electronic_result).map((d) => d.id));
    assert.deepEqual(new Set(results.map((r) => r.dossier_id)), electronic, 'electronic_result ⇔ a result row');
    for (const r of results) {
      const d = dossiers.find((x) => x.id === r.dossier_id)!;
      assert.ok(d.status === 9 || d.status === 10, d.code!);
      assert.match(r.code, /^[0-9A-Z]{12}$/);
    }
    assert.equal(new Set(results.map((r) => r.code)).size, results.length, 'a verification code each');
    const signed = await ctx.services.files.open(results[0]!.file_id);
    assert.ok(signed);
    const verdict = await ctx.services.results.verifyBytes(Buffer.concat(await signed.stream.toArray()));
    assert.equal(verdict.state, 'genuine', JSON.stringify(verdict));
    const store = await ctx.db.selectFrom('personal_documents').select(['source_dossier_id', 'owner_id']).where('kind', '=', 'result').execute();
    const applicants = new Set(results.map((r) => dossiers.find((d) => d.id === r.dossier_id)!.applicant_id));
    assert.deepEqual(new Set(store.map((e) => e.owner_id)), applicants, "the results in their applicants' stores");

    const deliveries = await ctx.db.selectFrom('postal_deliveries').selectAll().execute();
    const shipments = await ctx.db.selectFrom('postal_shipments').selectAll().execute();
    const tracking = await ctx.db.selectFrom('postal_shipment_events').selectAll().execute();
    assert.ok(deliveries.length > 0 && shipments.length > 0, `postal: ${deliveries.length} deliveries, ${shipments.length} shipments`);
    assert.ok(shipments.some((s) => s.status === 'delivered'));
    for (const delivery of deliveries) assert.equal(dossiers.find((d) => d.id === delivery.dossier_id)!.result_delivery, 'post');
    for (const s of shipments) {
      const d = dossiers.find((x) => x.id === s.dossier_id)!;
      assert.equal(d.status, 10, d.code!);
      assert.equal(d.return_method, 'post', d.code!);
      const returned = eventsOf.get(d.id)!.find((e) => e.action === 'return_result')!;
      assert.ok(returned.content?.includes(s.tracking_number), `${d.code}: the return names ${s.tracking_number}`);
      const own = tracking.filter((e) => e.shipment_id === s.id).sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
      assert.equal(own.at(-1)?.status ?? 'created', s.status);
      for (const e of own) assert.ok(e.occurred_at >= d.returned_at! && e.occurred_at <= NOW);
    }
  });

  it("the reports service's Biểu 06 over the year is non-zero and agrees with the rows", async () => {
    const roots = await ctx.db.selectFrom('agencies').select(['id', 'code']).where('parent_id', 'is', null).execute();
    const actor = { id: '00000000-0000-0000-0000-000000000001', username: 'kiem.tra', fullName: 'Thanh tra', kind: 'staff' as const, agencyId: roots[0]!.id, departmentId: null, organisationId: null, roles: roots.map((r) => ({ role: 'inspector' as const, agencyId: r.id })) };
    const from = new Date(NOW.getTime() - 370 * 86_400_000);
    const dd = (x: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(x);
    let received = 0, online = 0, early = 0, onTime = 0, late = 0;
    for (const root of roots) {
      const report = await ctx.services.reports.handling(actor, { agency: root.code, from: dd(from), to: dd(NOW), groupBy: 'agency' }, NOW);
      assert.deepEqual(invariantProblems(report.totals), []);
      received += report.totals.received;
      online += report.totals.receivedOnline;
      early += report.totals.early;
      onTime += report.totals.onTime;
      late += report.totals.late;
    }
    const mine = dossiers.filter((d) => d.received_at);
    assert.ok(received > 0 && early > 0 && late > 0 && online > 0);
    assert.equal(received, mine.length);
    assert.equal(online, mine.filter((d) => d.channel === 2 || d.channel === 4).length);
    assert.equal(early, dossiers.filter((d) => d.timeliness === 'early').length);
    assert.equal(onTime, dossiers.filter((d) => d.timeliness === 'on_time').length);
    assert.equal(late, dossiers.filter((d) => d.timeliness === 'late').length);
  });
});
