// Local procedure codes and "no statutory time limit" on a real PostgreSQL (issue 15, migration 0038): a procedure
// with only a local code (key "<agency>:<local>"), the same local code twice in an agency refused on /localCode,
// search by either code, both codes in the version history and the export; a dossier of a no-limit procedure has
// no due date, is accepted without one, and never becomes late.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { ProcedureExchange } from '../../src/modules/catalog/catalog.exchange.ts';
import { recordToExchange } from '../../src/modules/catalog/catalog.service.ts';
import { ReportsRepository } from '../../src/modules/reports/reports.repository.ts';
import { createTestContext } from '../helpers/db.ts';
import { workflowFor } from '../helpers/workflows.ts';
import { COPYRIGHT } from '../helpers/domain.ts';
import { actorByUsername, COPYRIGHT_PROCEDURE, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

const ctx = await createTestContext({ demo: true });
type Ctx = typeof ctx;

function procedure(code: string, over: Partial<ProcedureExchange> = {}): ProcedureExchange {
  return {
    code,
    name: 'Cấp phép tổ chức triển lãm tác phẩm (thủ tục riêng của tỉnh)',
    agencyCode: COPYRIGHT,
    fieldCode: 'ban-quyen-tac-gia',
    authorityLevel: 'central',
    audience: ['citizen', 'organisation'],
    onlineLevel: 4,
    onlineClass: 'full',
    fullOnlineEligible: true,
    steps: ['Nộp hồ sơ', 'Trả kết quả'],
    documents: [{ name: 'Tờ khai', copies: 1, originalKind: 'original' }],
    timeLimit: { value: 5, unit: 'working_days' },
    fees: [],
    legalBasis: ['Quyết định của UBND tỉnh'],
    resultType: 'Giấy phép',
    submissionPlaces: 'Bộ phận một cửa',
    ...over,
  };
}

async function manager(c: Ctx, username: string): Promise<Actor> {
  const agencyId = (await c.services.agencies.byCode(COPYRIGHT))!.id;
  const roles = [{ role: 'catalog_manager' as const, agencyId }];
  const account = await c.services.identity.createAccount(null, { username, password: 'Catalog#2026!', kind: 'staff', fullName: username, email: null, agencyId, roles });
  return { id: account.id, username, fullName: username, kind: 'staff', agencyId, departmentId: null, organisationId: null, roles };
}

async function fieldErrorsOf(promise: Promise<unknown>): Promise<Array<[string, string]>> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error.fieldErrors.map((e) => [e.path, e.code]);
  }
  assert.fail('expected a refusal');
}

const catalogManager = await manager(ctx, 'codes.manager');
const LOCAL_KEY = `${COPYRIGHT}:TP01`;

describe('local procedure codes', () => {
  it('a procedure with only a local code: key "<agency>:<local>", both codes in the version and the export', async () => {
    const created = await ctx.services.catalog.create(catalogManager, procedure(LOCAL_KEY));
    assert.equal(created.code, LOCAL_KEY);
    assert.equal(created.local_code, 'TP01');
    assert.equal(created.national_code, null);
    const stored = await ctx.db.selectFrom('procedures').select(['local_code', 'local_agency_id']).where('code', '=', LOCAL_KEY).executeTakeFirstOrThrow();
    assert.equal(stored.local_code, 'TP01');
    assert.equal(stored.local_agency_id, catalogManager.agencyId);
    assert.equal(recordToExchange(created).localCode, 'TP01');
    await ctx.services.catalog.publish(catalogManager, LOCAL_KEY, {});
    const detail = await ctx.services.catalog.published(LOCAL_KEY);
    assert.equal(detail.local_code, 'TP01');
  });

  it('search finds the procedure by its local code (any case) and by its key', async () => {
    for (const q of ['TP01', 'tp01', LOCAL_KEY]) {
      const found = await ctx.services.catalog.search({ q, page: 1, pageSize: 20 });
      assert.equal(found.rows[0]?.code, LOCAL_KEY, q);
      assert.equal(found.rows[0]?.local_code, 'TP01', q);
    }
  });

  it('an applicant starts a dossier of the local-only procedure by its key', async () => {
    const applicant = await newCitizen(ctx);
    const draft = await ctx.services.dossiers.createDraft(applicant, LOCAL_KEY);
    assert.ok(draft.id);
  });

  it('the same local code twice in an agency is a field error on /localCode (case-insensitive), nothing written', async () => {
    const before = await ctx.db.selectFrom('procedures').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.deepEqual(await fieldErrorsOf(ctx.services.catalog.create(catalogManager, procedure('1.990001', { localCode: 'tp01' }))), [['/localCode', 'LOCAL_CODE_TAKEN']]);
    const after = await ctx.db.selectFrom('procedures').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    assert.equal(after.n, before.n);
  });

  it('a national procedure gains a local code on its draft; the history keeps the codes of each version', async () => {
    await ctx.services.catalog.create(catalogManager, procedure('1.990002', { localCode: 'DT07' }));
    const draft = await ctx.services.catalog.updateDraft(catalogManager, '1.990002', procedure('1.990002', { localCode: 'DT08' }));
    assert.equal(draft.local_code, 'DT08');
    assert.equal(draft.national_code, '1.990002');
    await ctx.services.catalog.publish(catalogManager, '1.990002', {});
    const v2 = await ctx.services.catalog.newVersion(catalogManager, '1.990002');
    assert.equal(v2.local_code, 'DT08');
    // DT07 is free again: another procedure may take it.
    await ctx.services.catalog.create(catalogManager, procedure('1.990003', { localCode: 'DT07' }));
  });

  it('bad codes: spaces, Vietnamese letters, too long, a local key of another agency', async () => {
    assert.deepEqual(await fieldErrorsOf(ctx.services.catalog.create(catalogManager, procedure('1.990010', { localCode: 'TP 01' }))), [['/localCode', 'LOCAL_CODE_INVALID']]);
    assert.deepEqual(await fieldErrorsOf(ctx.services.catalog.create(catalogManager, procedure('1.990011', { localCode: 'ĐT07' }))), [['/localCode', 'LOCAL_CODE_INVALID']]);
    assert.deepEqual(await fieldErrorsOf(ctx.services.catalog.create(catalogManager, procedure('1.990012', { localCode: 'X'.repeat(31) }))), [['/localCode', 'LOCAL_CODE_INVALID']]);
    assert.deepEqual(await fieldErrorsOf(ctx.services.catalog.create(catalogManager, procedure('000.00.99.X01:TP09'))), [['/code', 'LOCAL_KEY_AGENCY_MISMATCH']]);
  });

  it('the database refuses a malformed local code and a duplicate even without the service', async () => {
    const p = await ctx.db.selectFrom('procedures').select('id').where('code', '=', '1.990003').executeTakeFirstOrThrow();
    await assert.rejects(ctx.db.updateTable('procedures').set({ local_code: 'TP 01', local_agency_id: catalogManager.agencyId }).where('id', '=', p.id).execute(), /check/i);
    await assert.rejects(ctx.db.updateTable('procedures').set({ local_code: 'DT08', local_agency_id: catalogManager.agencyId }).where('id', '=', p.id).execute(), /unique|duplicate/i);
  });
});

describe('no statutory time limit', () => {
  it('is stored as its own flag (not 0 = same day) and round-trips through the interchange format', async () => {
    const created = await ctx.services.catalog.create(catalogManager, procedure('1.990020', { timeLimit: { value: 0, unit: 'working_days', none: true } }));
    assert.equal(created.no_time_limit, true);
    assert.equal(created.same_day, false);
    assert.deepEqual(recordToExchange(created).timeLimit, { value: 0, unit: 'working_days', none: true });
  });

  it('a dossier of a no-limit procedure: no expected date, accepted without a due date, never late or overdue', async () => {
    const version = await ctx.db
      .selectFrom('procedure_versions as pv')
      .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
      .select('pv.id')
      .where('p.code', '=', COPYRIGHT_PROCEDURE)
      .where('pv.status', '=', 'published')
      .executeTakeFirstOrThrow();
    await ctx.db.updateTable('procedure_versions').set({ no_time_limit: true, time_limit_value: 0, same_day: false }).where('id', '=', version.id).execute();
    try {
      const applicant = await newCitizen(ctx);
      const submitted = await submittedDossier(ctx, applicant, { now: new Date('2026-11-17T03:00:00Z') });
      assert.equal(submitted.expectedDate, null);
      const reception = await actorByUsername(ctx, 'demo.motcua');
      await ctx.services.handling.act(reception, submitted.id, 'accept', {}, new Date('2026-11-18T02:00:00Z'));
      const d = await ctx.db.selectFrom('dossiers').selectAll().where('id', '=', submitted.id).executeTakeFirstOrThrow();
      assert.equal(d.status, 2);
      assert.equal(d.due_at, null);
      assert.equal(d.appointment_at, null);
      assert.ok(d.received_at);
      const event = await ctx.db.selectFrom('dossier_events').selectAll().where('dossier_id', '=', submitted.id).where('action', '=', 'accept').executeTakeFirstOrThrow();
      assert.equal(event.message?.key, 'timeline.acceptNoTimeLimit');
      // The control sheet: the built-in default workflow has no budgets to split (its steps are not graded); a
      // workflow of the catalog manager keeps its own budgets.
      const workflow = await workflowFor(ctx, version.id);
      const step = await ctx.db.selectFrom('dossier_steps').select('due_at').where('dossier_id', '=', submitted.id).orderBy('started_at', 'desc').executeTakeFirstOrThrow();
      if (workflow.source === 'builtin') assert.equal(step.due_at, null);
      else assert.ok(step.due_at, `a ${workflow.source} workflow keeps its budgets`);
      // Years later it is still not overdue: nothing to be late against.
      const overdue = await ctx.db.selectFrom('dossiers').select('id').where('id', '=', submitted.id).where('due_at', '<', new Date('2030-01-01')).execute();
      assert.equal(overdue.length, 0);
      // Reported separately ("không quy định thời hạn"): received in November, in progress at its end, not resolved.
      const reports = new ReportsRepository();
      assert.deepEqual(await reports.noTimeLimitCounts(ctx.db, [d.agency_id], { from: '2026-11-01', to: '2026-11-30' }), { received: 1, resolved: 0, inProgress: 1 });
      assert.deepEqual(await reports.noTimeLimitCounts(ctx.db, [d.agency_id], { from: '2026-10-01', to: '2026-10-31' }), { received: 0, resolved: 0, inProgress: 0 });
      // … and the handling report (Biểu 06) carries the separate count beside its columns.
      const leader = await actorByUsername(ctx, 'demo.lanhdao');
      const report = await ctx.services.reports.handling(leader, { from: '2026-11-01', to: '2026-11-30' }, new Date('2026-12-05T03:00:00Z'));
      assert.deepEqual(report.noTimeLimit, { received: 1, resolved: 0, inProgress: 1 });
    } finally {
      await ctx.db.updateTable('procedure_versions').set({ no_time_limit: false, time_limit_value: 15 }).where('id', '=', version.id).execute();
    }
  });
});
