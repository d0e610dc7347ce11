// The demo's liên thông decided by the dossier: 1.000963 (Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể
// thao, Sở VHTTDL Trà Vinh) has a step at the commune of the business's premises (rule eform_address on `premises`);
// the demo seeds commune agencies with their GSO codes, so a dossier filled with the demo example (premises in
// Phường Hòa Thuận) goes to Ủy ban nhân dân phường Hòa Thuận at that step; one in a commune no agency serves waits.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Actor } from '../../src/core/actor.ts';
import { actorOf } from '../../src/modules/identity/identity.service.ts';
import { DEMO_EFORMS } from '../../src/seed/catalog-data/eforms/index.ts';
import { createTestContext } from '../helpers/db.ts';
import { actorByUsername, upload } from '../helpers/dossiers.ts';

const PROCEDURE = '1.000963';
const SO = '000.20.00.H59';

const ctx = await createTestContext({ demo: true });
const h = ctx.services.handling;

async function staffOf(agencyCode: string, role: 'receptionist' | 'specialist'): Promise<Actor> {
  const agency = await ctx.db.selectFrom('agencies').select('id').where('code', '=', agencyCode).executeTakeFirstOrThrow();
  const account = await ctx.db
    .insertInto('accounts')
    .values({ username: `tv.${randomBytes(4).toString('hex')}`, kind: 'staff', status: 'active', password_hash: 'x', full_name: 'Cán bộ Sở', agency_id: agency.id })
    .returningAll()
    .executeTakeFirstOrThrow();
  await ctx.db.insertInto('account_roles').values({ account_id: account.id, role, agency_id: agency.id }).execute();
  return actorOf(account, [{ role, agencyId: agency.id }]);
}

const reception = await staffOf(SO, 'receptionist');
const specialist = await staffOf(SO, 'specialist');
const business = await actorByUsername(ctx, 'demo.doanhnghiep');

/** A dossier of the demo procedure with the demo example (premises replaced when given), at the commune step. */
async function atCommuneStep(premises?: Record<string, string>): Promise<string> {
  const example = DEMO_EFORMS.find((e) => e.code === PROCEDURE)!.example as Record<string, unknown>;
  const draft = await ctx.services.dossiers.createDraft(business, PROCEDURE);
  await ctx.services.dossiers.saveForm(business, draft.id, { ...draft.form.data, ...example, ...(premises ? { premises } : {}) });
  for (const d of draft.documents.filter((x) => x.required)) await ctx.services.dossiers.addFile(business, draft.id, upload(d.documentId));
  await ctx.services.dossiers.submit(business, draft.id, null);
  await h.act(reception, draft.id, 'accept');
  await h.act(reception, draft.id, 'forward');
  await h.act(specialist, draft.id, 'forward');
  return draft.id;
}

async function openStep(id: string) {
  return ctx.db
    .selectFrom('dossier_steps as s')
    .innerJoin('agencies as a', 'a.id', 's.agency_id')
    .select(['s.position', 's.name', 'a.code'])
    .where('s.dossier_id', '=', id)
    .where('s.finished_at', 'is', null)
    .executeTakeFirstOrThrow();
}

describe('the demo procedure whose workflow uses an agency rule', () => {
  it('is seeded with the rule, and the commune agencies with their commune codes', async () => {
    const workflow = await ctx.db
      .selectFrom('workflow_steps as s')
      .innerJoin('workflows as w', 'w.id', 's.workflow_id')
      .innerJoin('procedure_versions as v', 'v.id', 'w.procedure_version_id')
      .innerJoin('procedures as p', 'p.id', 'v.procedure_id')
      .select(['s.position', 's.agency_rule'])
      .where('p.code', '=', PROCEDURE)
      .where('v.status', '=', 'published')
      .orderBy('s.position')
      .execute();
    assert.deepEqual(workflow.filter((s) => s.agency_rule).map((s) => s.agency_rule), [{ kind: 'eform_address', field: 'premises' }]);
    const communes = await ctx.db.selectFrom('agencies').select(['code', 'admin_unit_code']).where('admin_unit_code', 'is not', null).orderBy('code').execute();
    assert.deepEqual(communes.map((a) => [a.code, a.admin_unit_code]), [['H59.20.01.01', '29275'], ['H59.50.01.01', '29242'], ['H59.50.02.01', '29398']]);
  });

  it("routes a dossier to the agency of the premises' commune at the liên thông step", async () => {
    const example = DEMO_EFORMS.find((e) => e.code === PROCEDURE)!.example as { premises: { commune: string } };
    assert.equal(example.premises.commune, 'Phường Hòa Thuận');
    const id = await atCommuneStep();
    const open = await openStep(id);
    assert.equal(open.position, 3);
    assert.equal(open.code, 'H59.50.02.01', 'Ủy ban nhân dân phường Hòa Thuận');
    const other = await atCommuneStep({ province: 'Tỉnh Vĩnh Long', commune: 'Phường Trà Vinh', street: 'Số 1 Lê Lợi' });
    assert.equal((await openStep(other)).code, 'H59.50.01.01');
  });

  it('keeps a dossier whose commune no agency serves at that step in its own agency, with the reason', async () => {
    const id = await atCommuneStep({ province: 'Tỉnh Vĩnh Long', commune: 'Xã Cầu Kè', street: 'Ấp 1' });
    const open = await openStep(id);
    assert.equal(open.position, 3);
    assert.equal(open.code, SO);
    const detail = await h.detail(specialist, id);
    const pending = await h.routing.pending(detail, 'vi', true);
    assert.equal(pending?.unresolved.reason, 'commune_no_agency');
  });
});
