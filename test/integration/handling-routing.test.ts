// Liên thông targets resolved at run time (issue 15; handling.routing.ts, handling.routing.service.ts): a workflow
// step whose agency is the commune of an address on the e-form (or the agency mapped to an option chosen): saved
// with every problem reported at once; at the forward, the dossier goes to the commune's agency; when the rule
// finds none (bad input: no commune), it waits at that step in its own agency with a clear message (vi + en), and
// an officer picks the agency by hand.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { DomainError } from '../../src/core/errors.ts';
import type { AppContext } from '../../src/container.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, newCitizen, submittedDossier } from '../helpers/dossiers.ts';

type Ctx = AppContext & { url: string };

const SUBMITTED = new Date('2026-11-17T03:00:00Z');
const WEDNESDAY = new Date('2026-11-18T02:00:00Z');
const THURSDAY = new Date('2026-11-19T02:00:00Z');
const OWN = '000.00.12.G14';
const AN_TRUONG = 'H59.20.01.01';

const ctx: Ctx = await createTestContext({ demo: true });
const h = ctx.services.handling;
const [reception, specialist, manager] = (await Promise.all(['demo.motcua', 'demo.chuyenvien', 'demo.danhmuc'].map((u) => actorByUsername(ctx, u)))) as [Actor, Actor, Actor];

/** The e-form of the versions under test: a text, an address of the land, a choice of commune. */
const FORM = {
  type: 'object',
  properties: {
    requestContent: { type: 'string', title: 'Nội dung đề nghị', maxLength: 2000 },
    landAddress: { type: 'object', title: 'Địa chỉ thửa đất', properties: { province: { type: 'string' }, commune: { type: 'string' }, street: { type: 'string', maxLength: 300 } }, required: ['province', 'commune'] },
    landCommune: { type: 'string', title: 'Xã nơi có đất', enum: ['an-truong', 'cang-long', 'cau-ke'], 'x-enumNames': ['Xã An Trường', 'Xã Càng Long', 'Xã Cầu Kè'] },
  },
};
const FORM_UI = { landAddress: { label: { vi: 'Địa chỉ thửa đất', en: 'Land address' } } };

async function versionOf(code: string) {
  const v = await ctx.db
    .selectFrom('procedure_versions as pv')
    .innerJoin('procedures as p', 'p.id', 'pv.procedure_id')
    .select(['pv.id', 'pv.version'])
    .where('p.code', '=', code)
    .where('pv.status', '=', 'published')
    .executeTakeFirstOrThrow();
  await ctx.db.updateTable('procedure_versions').set({ form_schema: JSON.stringify(FORM), form_ui: JSON.stringify(FORM_UI) }).where('id', '=', v.id).execute();
  return v;
}

/** A commune agency (serving the GSO unit) with a specialist. */
async function communeAgency(code: string, name: string, adminUnit: string | null) {
  const existing = await ctx.db.selectFrom('agencies').select(['id']).where('code', '=', code).executeTakeFirst();
  const agency = existing ?? (await ctx.db.insertInto('agencies').values({ code, name, level: 'commune', active: true }).returning('id').executeTakeFirstOrThrow());
  if (adminUnit) await ctx.db.updateTable('agencies').set({ admin_unit_code: adminUnit }).where('id', '=', agency.id).execute();
  return { id: agency.id, specialist: await staffOf(agency.id, 'specialist') };
}

async function staffOf(agencyId: string, role: 'specialist' | 'receptionist'): Promise<Actor> {
  const suffix = randomBytes(4).toString('hex');
  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: `xa.${suffix}`, kind: 'staff', status: 'active', password_hash: 'x', full_name: 'Cán bộ xã', agency_id: agencyId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role, agency_id: agencyId }).execute();
  return actorOf(account, [{ role, agencyId }]);
}

/** A dossier of `code` with this e-form data, accepted and forwarded to the specialist's step (2). */
async function atSpecialist(code: string, data: Record<string, unknown>) {
  const who = await newCitizen(ctx);
  const { id } = await submittedDossier(ctx, who, { now: SUBMITTED, procedureCode: code });
  await ctx.db.updateTable('dossiers').set({ form_data: JSON.stringify({ requestContent: 'Xác minh thửa đất', ...data }) }).where('id', '=', id).execute();
  await h.act(reception, id, 'accept', {}, WEDNESDAY);
  await h.act(reception, id, 'forward', {}, WEDNESDAY);
  return id;
}

async function openRow(id: string) {
  return ctx.db
    .selectFrom('dossier_steps as s')
    .innerJoin('agencies as a', 'a.id', 's.agency_id')
    .select(['s.position', 's.name', 'a.code as agency_code', 's.department_id', 's.assignee_id'])
    .where('s.dossier_id', '=', id)
    .where('s.finished_at', 'is', null)
    .executeTakeFirstOrThrow();
}

function steps(rule: unknown) {
  return [
    { name: 'Tiếp nhận', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['forward', 'request_supplement'] },
    { name: 'Thẩm định', role: 'specialist', departmentCode: 'QTG', budget: { value: 5, unit: 'working_days' }, actions: ['forward', 'send_back'] },
    { name: 'Xác minh tại Ủy ban nhân dân xã nơi có đất', role: 'specialist', agencyRule: rule, budget: { value: 5, unit: 'working_days' }, actions: ['forward', 'send_back'] },
    { name: 'Phê duyệt', role: 'agency_leader', budget: { value: 3, unit: 'working_days' }, actions: ['record_result', 'send_back'] },
    { name: 'Trả kết quả', role: 'receptionist', budget: { value: 1, unit: 'working_days' }, actions: ['return_result'] },
  ];
}

function isCode(code: string) {
  return (error: unknown) => error instanceof DomainError && error.code === code;
}

const ADDRESS_PROCEDURE = '1.001826';
const OPTION_PROCEDURE = '1.001824';
const anTruong = await communeAgency(AN_TRUONG, 'Ủy ban nhân dân xã An Trường', null);
const cangLong = await communeAgency('H59.20.02.01', 'Ủy ban nhân dân xã Càng Long', '29266');

describe('saving a rule', () => {
  it('refuses every problem at once, with its path: unknown field, wrong kind, a fixed agency too, unknown option and agency', async () => {
    const v = await versionOf(ADDRESS_PROCEDURE);
    const bad = steps({ kind: 'eform_address', field: 'landCommune' });
    bad[0] = { ...bad[0]!, agencyRule: { kind: 'eform_address', field: 'nowhere' } } as (typeof bad)[number];
    bad[3] = { ...bad[3]!, agencyRule: { kind: 'eform_option', field: 'landCommune', options: [{ value: 'an-truong', agencyCode: 'KHONG.CO' }, { value: 'ha-noi', agencyCode: AN_TRUONG }] } } as (typeof bad)[number];
    bad[1] = { ...bad[1]!, agencyRule: { kind: 'eform_address', field: 'landAddress' } } as (typeof bad)[number];
    await assert.rejects(h.replaceWorkflow(manager, ADDRESS_PROCEDURE, v.version, { steps: bad }), (e: unknown) => {
      assert.ok(e instanceof DomainError && e.status === 422);
      assert.deepEqual(
        e.fieldErrors.map((f) => `${f.path} ${f.code}`).sort(),
        [
          '/steps/0/agencyRule/field WORKFLOW_RULE_FIELD_UNKNOWN',
          '/steps/1/departmentCode WORKFLOW_RULE_AND_AGENCY',
          '/steps/2/agencyRule/field WORKFLOW_RULE_FIELD_NOT_ADDRESS',
          '/steps/3/agencyRule/options/0/agencyCode WORKFLOW_AGENCY_UNKNOWN',
          '/steps/3/agencyRule/options/1/value WORKFLOW_RULE_OPTION_UNKNOWN',
        ].sort(),
      );
      return true;
    });
  });
});

describe('a step whose agency is the commune of the land address', async () => {
  const v = await versionOf(ADDRESS_PROCEDURE);
  const saved = await h.replaceWorkflow(manager, ADDRESS_PROCEDURE, v.version, { name: 'Liên thông xã nơi có đất', steps: steps({ kind: 'eform_address', field: 'landAddress' }) });

  it('is saved and shown with its rule (no fixed agency)', () => {
    assert.deepEqual(saved.steps[2]!.agencyRule, { kind: 'eform_address', field: 'landAddress' });
    assert.equal(saved.steps[2]!.agencyCode, null);
    assert.equal(saved.steps[1]!.agencyRule, undefined);
  });

  it('forward: the dossier goes to the agency serving the commune; its officer handles the step', async () => {
    const id = await atSpecialist(ADDRESS_PROCEDURE, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Xã An Trường', street: 'Ấp Trà Kháo' } });
    await h.act(specialist, id, 'forward', {}, THURSDAY);
    const row = await openRow(id);
    assert.equal(row.position, 3);
    assert.equal(row.agency_code, AN_TRUONG);
    const seen = await h.detail(anTruong.specialist, id);
    assert.ok(seen.allowedActions.includes('forward'));
    assert.equal(await h.routing.pending(seen, 'vi', true), null, 'nothing waits: the rule found the agency');
    await assert.rejects(h.routing.pick(specialist, id, { agencyId: cangLong.id }), isCode('ROUTING_NOT_PENDING'));
  });

  it('an explicit agency at the forward wins over the rule', async () => {
    const id = await atSpecialist(ADDRESS_PROCEDURE, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Xã An Trường' } });
    await h.act(specialist, id, 'forward', { agencyCode: 'H59.20.02.01' }, THURSDAY);
    assert.equal((await openRow(id)).agency_code, 'H59.20.02.01');
  });

  it('bad input: no commune → the dossier waits at the step in its own agency with a clear message; an officer picks the agency by hand', async () => {
    const id = await atSpecialist(ADDRESS_PROCEDURE, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: '' } });
    await h.act(specialist, id, 'forward', {}, THURSDAY);
    const row = await openRow(id);
    assert.equal(row.position, 3);
    assert.equal(row.agency_code, OWN, 'waits in its own agency');
    const detail = await h.detail(specialist, id);
    const pending = await h.routing.pending(detail, 'vi', true);
    assert.ok(pending);
    assert.equal(pending.message, "Không xác định được cơ quan liên thông: trường 'Địa chỉ thửa đất' chưa có xã/phường.");
    assert.deepEqual(pending.unresolved, { reason: 'commune_missing', field: 'landAddress' });
    assert.equal(pending.step.position, 3);
    assert.ok(pending.agencies.some((a) => a.id === cangLong.id), 'the commune agencies are offered');
    assert.ok(!pending.agencies.some((a) => a.code === OWN), 'not its own agency');
    const en = await h.routing.pending(detail, 'en', false);
    assert.equal(en!.message, "The inter-agency target is unknown: the field 'Land address' has no commune or ward.");
    assert.deepEqual(en!.agencies, [], 'a reader who cannot act gets no picker');
    // The commune's officer does not see it yet.
    await assert.rejects(h.detail(cangLong.specialist, id), isCode('NOT_FOUND'));

    // Bad picks: nobody out of scope, no unknown or own agency, not against a stale version.
    await assert.rejects(h.routing.pick(cangLong.specialist, id, { agencyId: cangLong.id }), isCode('NOT_FOUND'));
    await assert.rejects(h.routing.pick(specialist, id, { agencyId: 'not-a-uuid' }), (e: unknown) => e instanceof DomainError && e.status === 422 && e.fieldErrors[0]!.path === '/agencyId');
    await assert.rejects(h.routing.pick(specialist, id, { agencyId: detail.id }), (e: unknown) => e instanceof DomainError && e.status === 422);
    const own = await ctx.db.selectFrom('agencies').select('id').where('code', '=', OWN).executeTakeFirstOrThrow();
    await assert.rejects(h.routing.pick(specialist, id, { agencyId: own.id }), (e: unknown) => e instanceof DomainError && e.status === 422);
    await assert.rejects(h.routing.pick(specialist, id, { agencyId: cangLong.id, expectedVersion: detail.version - 1 }), isCode('DOSSIER_CHANGED'));

    const picked = await h.routing.pick(specialist, id, { agencyId: cangLong.id, expectedVersion: detail.version });
    assert.equal(picked.agency.code, 'H59.20.02.01');
    const moved = await openRow(id);
    assert.equal(moved.agency_code, 'H59.20.02.01');
    assert.equal(moved.position, 3);
    assert.equal(moved.assignee_id, null);
    const after = await h.detail(cangLong.specialist, id);
    assert.equal(after.version, detail.version + 1);
    assert.ok(after.allowedActions.includes('forward'), "the commune's officer now handles the step");
    assert.ok(after.events.some((e) => e.action === 'route_agency' && /Ủy ban nhân dân xã Càng Long/.test(e.content ?? '')), 'the history says where it went');
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).where('action', '=', 'dossier.route_agency').execute();
    assert.equal(audit.length, 1);
    // Picked once: no longer waiting.
    await assert.rejects(h.routing.pick(specialist, id, { agencyId: anTruong.id }), isCode('ROUTING_NOT_PENDING'));
    // The commune sends its answer on: back home for approval.
    await h.act(cangLong.specialist, id, 'forward', {}, new Date('2026-11-20T02:00:00Z'));
    assert.equal((await openRow(id)).agency_code, OWN);
  });

  it('a commune no agency serves: waits with the commune named', async () => {
    const id = await atSpecialist(ADDRESS_PROCEDURE, { landAddress: { province: 'Tỉnh Vĩnh Long', commune: 'Xã Cầu Kè' } });
    await h.act(specialist, id, 'forward', {}, THURSDAY);
    assert.equal((await openRow(id)).agency_code, OWN);
    const pending = await h.routing.pending(await h.detail(specialist, id), 'vi', true);
    assert.equal(pending!.message, 'Không xác định được cơ quan liên thông: chưa có cơ quan nào phụ trách xã/phường "Xã Cầu Kè" (trường \'Địa chỉ thửa đất\').');
  });
});

describe('a step whose agency is mapped from an option chosen', async () => {
  const v = await versionOf(OPTION_PROCEDURE);
  await h.replaceWorkflow(manager, OPTION_PROCEDURE, v.version, {
    steps: steps({ kind: 'eform_option', field: 'landCommune', options: [{ value: 'an-truong', agencyCode: AN_TRUONG }, { value: 'cang-long', agencyCode: 'H59.20.02.01' }] }),
  });

  it('forward: the agency mapped to the option', async () => {
    const id = await atSpecialist(OPTION_PROCEDURE, { landCommune: 'cang-long' });
    await h.act(specialist, id, 'forward', {}, THURSDAY);
    assert.equal((await openRow(id)).agency_code, 'H59.20.02.01');
  });

  it('an option without a mapping waits in its own agency with the option named', async () => {
    const id = await atSpecialist(OPTION_PROCEDURE, { landCommune: 'cau-ke' });
    await h.act(specialist, id, 'forward', {}, THURSDAY);
    assert.equal((await openRow(id)).agency_code, OWN);
    const pending = await h.routing.pending(await h.detail(specialist, id), 'vi', true);
    assert.equal(pending!.message, 'Không xác định được cơ quan liên thông: lựa chọn "cau-ke" của trường \'Xã nơi có đất\' chưa được gắn với cơ quan nào.');
  });
});

describe('the catalog interchange format carries the rule', () => {
  it('exported with the workflow; a file with bad rules is refused with every problem at its path, nothing imported', async () => {
    const exported = await ctx.services.catalog.exportCatalog();
    const p = exported.procedures.find((x) => x.code === ADDRESS_PROCEDURE)!;
    assert.deepEqual(p.workflow!.steps[2]!.agencyRule, { kind: 'eform_address', field: 'landAddress' });
    assert.equal(p.workflow!.steps[2]!.agencyCode, undefined);
    const o = exported.procedures.find((x) => x.code === OPTION_PROCEDURE)!;
    assert.equal(o.workflow!.steps[2]!.agencyRule?.kind, 'eform_option');

    const bad = structuredClone(p);
    bad.workflow!.steps[2]!.agencyRule = { kind: 'eform_address', field: 'nowhere' };
    bad.workflow!.steps[1]!.agencyRule = { kind: 'eform_option', field: 'landCommune', options: [{ value: 'an-truong', agencyCode: 'KHONG.CO' }] };
    await assert.rejects(ctx.services.catalog.importCatalog(manager, { format: 'opendvc-catalog', version: 1, fields: [], procedures: [bad] }, { source: 'web' }), (e: unknown) => {
      assert.ok(e instanceof DomainError && e.status === 422, String(e));
      const paths = e.fieldErrors.map((f) => `${f.path} ${f.code}`);
      for (const expected of ['/procedures/0/workflow/steps/2/agencyRule/field WORKFLOW_RULE_FIELD_UNKNOWN', '/procedures/0/workflow/steps/1/departmentCode WORKFLOW_RULE_AND_AGENCY', '/procedures/0/workflow/steps/1/agencyRule/options/0/agencyCode WORKFLOW_AGENCY_UNKNOWN']) {
        assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
      }
      return true;
    });
  });
});
